import { ErrorCode } from '@dialogo/shared';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { toActor } from '../network/people.ts';
import { requirePerson, type ApiContext } from './context.ts';

/**
 * The signed-in person and the document of the route's `:name`, if the policy lets them `need` it:
 * 404 for a document they may not read (the same answer as for one that does not exist), 403 for
 * one they may read but not change.
 */
export async function documentAccess(c: ApiContext, catalog: Catalog, need: 'read' | 'edit') {
  const person = requirePerson(c);
  const name = c.req.param('name') ?? '';
  const permissions = await catalog.permissions(toActor(person), name);
  if (!permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
  if (!permissions[need]) throw new AppError(ErrorCode.forbidden, 403, 'You may not change this document.');
  return { person, name, permissions };
}
