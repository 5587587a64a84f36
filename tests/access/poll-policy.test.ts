import { describe, expect, it } from 'vitest';
import { can, type Actor, type PollScope } from '../../server/src/access/policy.ts';

/** The policy's rows for polls, written out: who reads, who manages, who casts which ballot. */

const person = (role: 'coordinator' | 'delegate' | 'expert' | 'guest', cityId?: string, archived = false): Actor => ({
  kind: 'person',
  id: `${role}-${cityId ?? ''}`,
  role,
  cityId,
  archived,
});
const scope = (ballot: 'city' | 'person', forCity?: string): PollScope => ({
  cities: [],
  people: [],
  guests: [],
  restricted: false,
  open: true,
  ballot,
  forCity,
});
const poll = (ballot: 'city' | 'person', forCity?: string) => ({ kind: 'poll' as const, scope: scope(ballot, forCity) });

const ROWS: [string, Actor, 'read' | 'manage' | 'vote', ReturnType<typeof poll>, boolean][] = [
  ['coordinator reads', person('coordinator'), 'read', poll('city'), true],
  ['coordinator manages', person('coordinator'), 'manage', poll('city'), true],
  ['coordinator does not cast a city ballot', person('coordinator'), 'vote', poll('city', 'arezzo'), false],
  ['coordinator does not cast a personal ballot', person('coordinator'), 'vote', poll('person'), false],
  ['delegate reads', person('delegate', 'arezzo'), 'read', poll('city'), true],
  ['delegate does not manage', person('delegate', 'arezzo'), 'manage', poll('city'), false],
  ['delegate casts their city’s ballot', person('delegate', 'arezzo'), 'vote', poll('city', 'arezzo'), true],
  ['delegate does not cast another city’s ballot', person('delegate', 'arezzo'), 'vote', poll('city', 'torino'), false],
  ['delegate casts a personal ballot', person('delegate', 'arezzo'), 'vote', poll('person'), true],
  ['expert reads', person('expert'), 'read', poll('city'), true],
  ['expert casts no city ballot', person('expert'), 'vote', poll('city'), false],
  ['expert casts a personal ballot', person('expert'), 'vote', poll('person'), true],
  ['uninvited guest does not read', person('guest'), 'read', poll('city'), false],
  ['guest does not vote', person('guest'), 'vote', poll('person'), false],
  ['archived delegate does not vote', person('delegate', 'arezzo', true), 'vote', poll('city', 'arezzo'), false],
];

describe('poll access', () => {
  for (const [name, actor, action, resource, allowed] of ROWS) {
    it(name, () => expect(can(actor, action, resource)).toBe(allowed));
  }
});
