import type { IncomingMessage } from 'node:http';
import { CloseCode, CloseReason } from '@dialogo/shared';
import { isAllowedOrigin } from '../auth/origin.ts';
import type { CollabAccess } from './upgrade.ts';
import { toActor } from '../network/people.ts';
import type { Services } from '../services.ts';

/**
 * The policy's answer for the document WebSocket, from the upgrade request alone: a foreign
 * origin or a missing session is refused before anything of the document is read.
 */
export function authorizeCollab(services: Services, trustedOrigins: readonly string[]) {
  return async (req: IncomingMessage, docName: string): Promise<CollabAccess> => {
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, trustedOrigins)) {
      return { ok: false, code: CloseCode.forbidden, reason: CloseReason.forbidden };
    }
    const person = await services.auth.personOfCookieHeader(req.headers.cookie);
    if (!person) return { ok: false, code: CloseCode.unauthorized, reason: CloseReason.unauthorized };
    const permissions = await services.catalog.permissions(toActor(person), docName);
    // A document the person may not read is closed as one that does not exist: the same code and reason.
    if (!permissions?.read) return { ok: false, code: CloseCode.notFound, reason: CloseReason.notFound };
    return {
      ok: true,
      readOnly: !permissions.edit,
      personId: person.id,
      person: { id: person.id, name: person.name, ...(person.cityId ? { cityId: person.cityId } : {}) },
    };
  };
}
