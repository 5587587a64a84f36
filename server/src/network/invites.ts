import { randomUUID } from 'node:crypto';
import { ErrorCode, type AcceptInviteInput, type Invite, type InviteInput, type InvitePreview } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { isTokenShaped, newToken, tokenKey } from '../auth/tokens.ts';
import type { Store } from '../store/index.ts';
import type { Cities } from './cities.ts';
import type { People, PersonRecord } from './people.ts';

const INVITES = 'invites';
const INVITE_LINK = 'invite';
const RESET_LINK = 'password-reset';

type InviteRecord = Omit<Invite, 'url'> & { tokenKey: string };

function gone(): AppError {
  return new AppError(ErrorCode.gone, 410, 'This link was already used, was revoked or has expired.');
}

/**
 * Invitations and password-reset links. Each link is single-use and expiring: the store keeps
 * the hash of its secret under a time to live, and using it takes that key in one atomic step,
 * so two clicks (or two instances) can never both succeed.
 */
export class Invitations {
  constructor(
    private readonly store: Store,
    private readonly people: People,
    private readonly cities: Cities,
    private readonly ttl: { inviteMs: number; resetMs: number },
  ) {}

  async create(input: InviteInput, createdBy: string, origin: string): Promise<Invite> {
    if (input.cityId && !(await this.cities.get(input.cityId))) {
      throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { cityId: 'unknown' });
    }
    const token = newToken();
    const now = Date.now();
    const record: InviteRecord = {
      id: randomUUID(),
      role: input.role,
      ...(input.role === 'delegate' ? { cityId: input.cityId } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.email ? { email: input.email } : {}),
      ...(input.language ? { language: input.language } : {}),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttl.inviteMs).toISOString(),
      createdBy,
      status: 'pending',
      tokenKey: tokenKey(token),
    };
    await this.store.records.put(INVITES, record.id, record);
    await this.store.expiring.set(INVITE_LINK, record.tokenKey, record.id, this.ttl.inviteMs);
    return { ...publicInvite(record), url: `${origin}/invite/${token}` };
  }

  async list(): Promise<Invite[]> {
    const all = await this.store.records.list<InviteRecord>(INVITES);
    return all.map(publicInvite).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async revoke(id: string): Promise<void> {
    const record = await this.store.records.get<InviteRecord>(INVITES, id);
    if (!record) throw new AppError(ErrorCode.notFound, 404, 'No such invitation.');
    await this.store.expiring.delete(INVITE_LINK, record.tokenKey);
    if (record.status === 'pending') await this.store.records.put(INVITES, id, { ...record, status: 'revoked' });
  }

  async preview(token: string | undefined): Promise<InvitePreview> {
    const record = await this.pending(token);
    const [city, network] = await Promise.all([record.cityId ? this.cities.get(record.cityId) : undefined, this.cities.network()]);
    return {
      role: record.role,
      ...(city ? { cityName: city.name } : {}),
      ...(record.name ? { name: record.name } : {}),
      ...(record.email ? { email: record.email } : {}),
      ...(record.language ? { language: record.language } : {}),
      networkName: network.name,
      expiresAt: record.expiresAt,
    };
  }

  /**
   * Creates the invited person. Everything that can fail on the form is checked before the link
   * is consumed, so a typo does not burn the invitation.
   */
  async accept(token: string | undefined, input: AcceptInviteInput): Promise<PersonRecord> {
    await this.pending(token);
    if (await this.people.byEmail(input.email)) {
      throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { email: 'taken' });
    }
    const passwordHash = await hashPassword(input.password);
    const id = await this.store.expiring.take<string>(INVITE_LINK, tokenKey(token!));
    const record = id ? await this.store.records.get<InviteRecord>(INVITES, id) : undefined;
    if (!record || record.status !== 'pending') throw gone();
    const person = await this.people.create({ ...input, role: record.role, cityId: record.cityId, passwordHash });
    await this.store.records.put(INVITES, record.id, { ...record, status: 'accepted' });
    return person;
  }

  /** A password-reset link for a person, shown to the coordinator who sends it. */
  async issueReset(personId: string, origin: string): Promise<{ url: string; expiresAt: string }> {
    const person = await this.people.get(personId);
    if (!person) throw new AppError(ErrorCode.notFound, 404, 'No such person.');
    const token = newToken();
    await this.store.expiring.set(RESET_LINK, tokenKey(token), person.id, this.ttl.resetMs);
    return { url: `${origin}/reset/${token}`, expiresAt: new Date(Date.now() + this.ttl.resetMs).toISOString() };
  }

  async resetPreview(token: string | undefined): Promise<{ email: string }> {
    if (!isTokenShaped(token)) throw gone();
    const personId = await this.store.expiring.get<string>(RESET_LINK, tokenKey(token));
    const person = personId ? await this.people.get(personId) : undefined;
    if (!person) throw gone();
    return { email: person.email };
  }

  /** Sets the new password and ends every session the person had. */
  async reset(token: string | undefined, password: string): Promise<void> {
    if (!isTokenShaped(token)) throw gone();
    const passwordHash = await hashPassword(password);
    const personId = await this.store.expiring.take<string>(RESET_LINK, tokenKey(token));
    if (!personId || !(await this.people.get(personId))) throw gone();
    await this.people.update(personId, { passwordHash, sessionsValidAfter: Date.now() });
  }

  private async pending(token: string | undefined): Promise<InviteRecord> {
    if (!isTokenShaped(token)) throw gone();
    const id = await this.store.expiring.get<string>(INVITE_LINK, tokenKey(token));
    const record = id ? await this.store.records.get<InviteRecord>(INVITES, id) : undefined;
    if (!record || record.status !== 'pending') throw gone();
    return record;
  }
}

function publicInvite({ tokenKey: _key, ...record }: InviteRecord): Invite {
  const expired = record.status === 'pending' && Date.parse(record.expiresAt) <= Date.now();
  return { ...record, status: expired ? 'expired' : record.status };
}
