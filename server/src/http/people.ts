import { Hono } from 'hono';
import { AcceptInviteSchema, ErrorCode, InviteInputSchema, PersonPatchSchema, ResetPasswordSchema } from '@dialogo/shared';
import type { Auth } from '../auth/index.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Cities } from '../network/cities.ts';
import type { Invitations } from '../network/invites.ts';
import type { MailMessages } from '../mail/messages.ts';
import { toActor, type People } from '../network/people.ts';
import { presentInvite, presentPerson } from '../network/presenter.ts';
import { meOf, setSessionCookie } from './auth.ts';
import { authorize, publicOrigin, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

export interface PeopleRouteDeps {
  auth: Auth;
  people: People;
  cities: Cities;
  invitations: Invitations;
  mail: MailMessages;
  config: Config;
}

/** People, invitations and password-reset links: managed by coordinators, used by the invited. */
export function peopleRoutes({ auth, people, cities, invitations, mail, config }: PeopleRouteDeps) {
  return (
    new Hono<ApiEnv>()
      .get('/people', async (c) => {
        const reader = toActor(authorize(c, 'manage', { kind: 'people' }));
        return c.json({ people: (await people.list()).map((person) => presentPerson(reader, person)) });
      })
      .patch('/people/:id', validJson(PersonPatchSchema), async (c) => {
        authorize(c, 'manage', { kind: 'people' });
        const change = c.req.valid('json');
        const current = await people.get(c.req.param('id'));
        if (!current) throw new AppError(ErrorCode.notFound, 404, 'No such person.');
        // Their role, city and archiving: a coordinator's for others, never their own (the policy's person case).
        const reader = toActor(authorize(c, 'manage', { kind: 'person', id: current.id }));
        const role = change.role ?? current.role;
        const cityId = change.cityId === null ? undefined : (change.cityId ?? current.cityId);
        if (role === 'delegate' && (!cityId || !(await cities.get(cityId)))) {
          throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { cityId: cityId ? 'unknown' : 'required' });
        }
        const updated = await people.update(current.id, {
          role,
          cityId,
          ...(change.archived !== undefined ? { archived: change.archived } : {}),
          // Archiving ends every session at once.
          ...(change.archived ? { sessionsValidAfter: Date.now() } : {}),
        });
        return c.json({ person: presentPerson(reader, updated) });
      })
      .post('/people/:id/password-reset', async (c) => {
        const by = authorize(c, 'manage', { kind: 'people' });
        const origin = publicOrigin(c, config.PUBLIC_URL);
        const reset = await invitations.issueReset(c.req.param('id'), origin);
        // Mailed to the person too; the coordinator still sees the link.
        await mail.passwordReset(c.req.param('id'), reset, by, origin);
        return c.json({ reset }, 201);
      })
      .get('/invites', async (c) => {
        const reader = toActor(authorize(c, 'manage', { kind: 'people' }));
        return c.json({ invites: (await invitations.list()).map((invite) => presentInvite(reader, invite)) });
      })
      .post('/invites', validJson(InviteInputSchema), async (c) => {
        const person = authorize(c, 'manage', { kind: 'people' });
        const input = c.req.valid('json');
        const origin = publicOrigin(c, config.PUBLIC_URL);
        const invite = await invitations.create(input, person.id, origin);
        // Mailed when it names an address; the coordinator still sees the link.
        await mail.invitation(invite, person, origin);
        return c.json({ invite: presentInvite(toActor(person), invite) }, 201);
      })
      .delete('/invites/:id', async (c) => {
        authorize(c, 'manage', { kind: 'people' });
        await invitations.revoke(c.req.param('id'));
        return c.body(null, 204);
      })
      // Public: the secret in the link is the permission.
      .get('/invites/:token/preview', async (c) => c.json({ invite: await invitations.preview(c.req.param('token')) }))
      .post('/invites/:token/accept', validJson(AcceptInviteSchema, 'anyone'), async (c) => {
        const input = c.req.valid('json');
        const person = await invitations.accept(c.req.param('token'), input);
        await auth.logout(c.get('sessionId'));
        setSessionCookie(c, config, await auth.startSession(person));
        return c.json({ me: await meOf(person, cities) }, 201);
      })
      .get('/password-resets/:token', async (c) => c.json({ reset: await invitations.resetPreview(c.req.param('token')) }))
      .post('/password-resets/:token', validJson(ResetPasswordSchema, 'anyone'), async (c) => {
        const { password } = c.req.valid('json');
        await invitations.reset(c.req.param('token'), password);
        return c.body(null, 204);
      })
  );
}
