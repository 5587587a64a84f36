import { randomUUID } from 'node:crypto';
import { ErrorCode, type Language, type Person, type Role } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { PersonActor } from '../access/policy.ts';
import type { DomainEvents } from '../ports/domain-events.ts';
import type { Store } from '../store/index.ts';

/** One collator for every sort by name. */
const BY_NAME = new Intl.Collator();

const PEOPLE = 'people';
const BY_EMAIL = 'people-by-email';

/** A person as stored: the public fields plus the password hash, never sent anywhere. */
export interface PersonRecord extends Person {
  passwordHash: string;
  createdAt: string;
  /** Sessions created before this instant are refused (set on password reset and archive). */
  sessionsValidAfter?: number;
}

/** What every channel may show of a person. */
export function toPerson({ passwordHash: _hash, createdAt: _c, sessionsValidAfter: _s, ...person }: PersonRecord): Person {
  return person;
}

/** The little a live socket keeps of its person: who they are in a room. */
export type PersonSummary = Pick<Person, 'id' | 'name' | 'role' | 'cityId'>;

/**
 * A person as live sockets carry them. Socket data crosses instances (the Redis adapter's
 * `fetchSockets()`), so it holds no hash, no email, nothing to decide access with: the policy
 * reads the person again from the store.
 */
export function toPersonSummary({ id, name, role, cityId }: Person): PersonSummary {
  return { id, name, role, ...(cityId ? { cityId } : {}) };
}

/** The policy's view of a person. */
export function toActor(p: Person): PersonActor {
  return { kind: 'person', id: p.id, role: p.role, cityId: p.cityId, archived: p.archived };
}

export interface NewPerson {
  name: string;
  email: string;
  language: Language;
  role: Role;
  cityId?: string;
  passwordHash: string;
}

/** People of the network, with a unique email each. */
export class People {
  constructor(
    private readonly store: Store,
    /** `access.changed` after a person changes (role, city, archive...): both transports check their access again. */
    private readonly events: DomainEvents,
  ) {}

  get(id: string): Promise<PersonRecord | undefined> {
    return this.store.records.get<PersonRecord>(PEOPLE, id);
  }

  async byEmail(email: string): Promise<PersonRecord | undefined> {
    const id = await this.store.records.get<string>(BY_EMAIL, email.toLowerCase());
    return id ? this.get(id) : undefined;
  }

  async list(): Promise<PersonRecord[]> {
    const all = await this.store.records.list<PersonRecord>(PEOPLE);
    return all.sort((a, b) => BY_NAME.compare(a.name, b.name));
  }

  /** Creates a person; a taken email is a field error, and nothing is written. */
  async create(input: NewPerson): Promise<PersonRecord> {
    const email = input.email.toLowerCase();
    const person: PersonRecord = {
      id: randomUUID(),
      name: input.name,
      email,
      language: input.language,
      role: input.role,
      ...(input.role === 'delegate' && input.cityId ? { cityId: input.cityId } : {}),
      archived: false,
      passwordHash: input.passwordHash,
      createdAt: new Date().toISOString(),
    };
    // The email is claimed atomically first, so two instances can never give it to two people.
    if (!(await this.store.records.putIfAbsent(BY_EMAIL, email, person.id))) {
      const owner = await this.byEmail(email);
      // A claim without a person is what a crash between the two writes leaves: take it over.
      if (owner) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { email: 'taken' });
      await this.store.records.put(BY_EMAIL, email, person.id);
    }
    await this.store.records.put(PEOPLE, person.id, person);
    return person;
  }

  async update(id: string, change: Partial<Omit<PersonRecord, 'id' | 'email' | 'createdAt'>>): Promise<PersonRecord> {
    const current = await this.get(id);
    if (!current) throw new AppError(ErrorCode.notFound, 404, 'No such person.');
    const next: PersonRecord = { ...current, ...change };
    if (next.role !== 'delegate') delete next.cityId;
    await this.store.records.put(PEOPLE, id, next);
    void this.events.emit('access.changed', {});
    return next;
  }
}
