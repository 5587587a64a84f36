import { describe, expect, it } from 'vitest';
import { can, documentResource, permissionsOn, type Action, type Actor, type ParticipantScope, type PollScope, type Resource } from './policy.ts';

// The policy written out for every kind of resource: one table per kind, each row who asks, what,
// and the answer. A rule moved or loosened in policy.ts changes a row here.

const person = (role: 'coordinator' | 'delegate' | 'expert' | 'guest', id: string, cityId?: string, archived = false): Actor => ({
  kind: 'person',
  id,
  role,
  ...(cityId ? { cityId } : {}),
  ...(archived ? { archived } : {}),
});
const coordinator = person('coordinator', 'coordinator');
const arezzo = person('delegate', 'arezzo-delegate', 'arezzo');
const torino = person('delegate', 'torino-delegate', 'torino');
const expert = person('expert', 'expert');
const guest = person('guest', 'guest');
const invited = person('guest', 'invited-guest');
const archived = person('delegate', 'archived-delegate', 'arezzo', true);
const link: Actor = { kind: 'published-link', docName: 'note:public' };

type Row = [who: string, actor: Actor | null, action: Action, allowed: boolean];
const table = (kind: string, resource: Resource, rows: Row[]) =>
  describe(kind, () => {
    for (const [who, actor, action, allowed] of rows)
      it(`${who} ${allowed ? 'may' : 'may not'} ${action}`, () => expect(can(actor, action, resource)).toBe(allowed));
  });

const participants = (over: Partial<ParticipantScope> = {}): ParticipantScope => ({
  cities: ['arezzo'],
  people: ['expert'],
  guests: ['invited-guest'],
  restricted: false,
  ...over,
});

table('network', { kind: 'network' }, [
  ['a coordinator', coordinator, 'manage', true],
  ['a delegate', arezzo, 'read', true],
  ['a delegate', arezzo, 'manage', false],
  ['an expert', expert, 'read', true],
  ['a guest', guest, 'read', false],
  ['nobody signed in', null, 'read', false],
  ['an archived delegate', archived, 'read', false],
]);

table('city', { kind: 'city', id: 'arezzo' }, [
  ['a coordinator', coordinator, 'edit', true],
  ['a delegate', torino, 'read', true],
  ['a delegate', arezzo, 'edit', false],
  ['a guest', guest, 'read', false],
]);

table('people', { kind: 'people' }, [
  ['a coordinator', coordinator, 'manage', true],
  ['a delegate', arezzo, 'read', false],
  ['an expert', expert, 'read', false],
]);

table('person (their own account)', { kind: 'person', id: 'guest' }, [
  ['its owner', guest, 'read', true],
  ['its owner', guest, 'edit', true],
  ['its owner', guest, 'manage', false],
  ['someone else', arezzo, 'read', false],
  ['a coordinator', coordinator, 'manage', true],
]);

table("person (a coordinator's own account)", { kind: 'person', id: 'coordinator' }, [
  ['its owner', coordinator, 'read', true],
  ['its owner', coordinator, 'edit', true],
  ['its owner, a coordinator', coordinator, 'manage', false],
  ['a delegate', arezzo, 'manage', false],
]);

for (const kind of ['meeting', 'agenda', 'minutes'] as const) {
  table(`${kind}, open to the network`, { kind, scope: participants() }, [
    ['a delegate of a city taking part', arezzo, 'edit', true],
    ['a delegate of another city', torino, 'read', true],
    ['a delegate of another city', torino, 'edit', false],
    ['a named expert', expert, 'edit', true],
    ['an invited guest', invited, 'read', true],
    ['an invited guest', invited, 'edit', false],
    ['another guest', guest, 'read', false],
    ['a delegate', arezzo, 'manage', false],
    ['a coordinator', coordinator, 'manage', true],
  ]);
  table(`${kind}, restricted to participants`, { kind, scope: participants({ restricted: true }) }, [
    ['a delegate of a city taking part', arezzo, 'read', true],
    ['a delegate of another city', torino, 'read', false],
    ['a coordinator', coordinator, 'read', true],
  ]);
}

table('minutes, approved (locked)', { kind: 'minutes', scope: participants({ locked: true }) }, [
  ['a delegate of a city taking part', arezzo, 'read', true],
  ['a delegate of a city taking part', arezzo, 'edit', false],
  ['a coordinator', coordinator, 'edit', false],
  ['a coordinator', coordinator, 'read', true],
]);

table('note, network-wide', { kind: 'note', scope: participants({ cities: [], people: [], open: true }) }, [
  ['any delegate', torino, 'edit', true],
  ['an expert', expert, 'edit', true],
  ['a guest', guest, 'read', false],
]);

table('action plan', { kind: 'action-plan', scope: participants({ cities: [], people: [], open: true }) }, [
  ['any delegate', torino, 'edit', true],
  ['an expert', expert, 'edit', true],
  ['a delegate', torino, 'manage', false],
  ['a coordinator', coordinator, 'manage', true],
  ['a guest', guest, 'read', false],
]);

table('polls (the list)', { kind: 'polls' }, [
  ['a delegate', arezzo, 'read', true],
  ['an expert', expert, 'read', true],
  ['a guest', guest, 'read', false],
  ['a coordinator', coordinator, 'read', true],
  ['nobody signed in', null, 'read', false],
]);

const poll = (over: Partial<PollScope> = {}): Resource => ({
  kind: 'poll',
  scope: { cities: [], people: [], guests: [], restricted: false, open: true, ballot: 'city', status: 'open', results: 'live', ...over },
});
table('poll, a draft', poll({ status: 'draft' }), [
  ['a coordinator', coordinator, 'read', true],
  ['a coordinator', coordinator, 'manage', true],
  ['a delegate', arezzo, 'read', false],
  ['a delegate', arezzo, 'vote', false],
  ['an expert', expert, 'results', false],
]);
table('poll, open, per city, results after closing', poll({ forCity: 'arezzo', results: 'after-close' }), [
  ['a delegate of the city', arezzo, 'vote', true],
  ['a delegate of another city', torino, 'vote', false],
  ['an expert', expert, 'vote', false],
  ['a coordinator', coordinator, 'vote', false],
  ['a delegate', arezzo, 'results', false],
  ['a coordinator', coordinator, 'results', true],
]);
table('poll, closed', poll({ status: 'closed', forCity: 'arezzo', results: 'after-close' }), [
  ['a delegate of the city', arezzo, 'vote', false],
  ['a delegate', arezzo, 'results', true],
  ['a guest', guest, 'results', false],
]);
table('poll, per person, results after one’s vote, not voted yet', poll({ ballot: 'person', results: 'after-vote' }), [
  ['an expert', expert, 'vote', true],
  ['an expert', expert, 'results', false],
  ['a guest', guest, 'vote', false],
]);
table('poll, per person, results after one’s vote, voted', poll({ ballot: 'person', results: 'after-vote', voted: true }), [
  ['an expert', expert, 'results', true],
]);

const proposal = (over: Partial<Extract<Resource, { kind: 'proposal' }>['scope']> = {}): Resource => ({
  kind: 'proposal',
  scope: { partnerCities: ['arezzo'], visibility: 'partners', guests: ['invited-guest'], leadCity: 'arezzo', ...over },
});
table('proposal, partners only', proposal(), [
  ['a delegate of the lead city', arezzo, 'manage', true],
  ['a delegate of a partner city', arezzo, 'edit', true],
  ['a delegate of another city', torino, 'read', false],
  ['an expert', expert, 'read', false],
  ['an invited guest', invited, 'read', true],
  ['an invited guest', invited, 'edit', false],
]);
table('proposal, shown to the network', proposal({ visibility: 'network', leadCity: 'torino', partnerCities: ['arezzo', 'torino'] }), [
  ['an expert', expert, 'read', true],
  ['an expert', expert, 'edit', false],
  ['a delegate of a partner city that does not lead', arezzo, 'manage', false],
]);
table('proposal, submitted (locked)', proposal({ locked: true }), [
  ['a delegate of a partner city', arezzo, 'read', true],
  ['a delegate of a partner city', arezzo, 'edit', false],
  ['a coordinator', coordinator, 'edit', false],
]);

table('published page', { kind: 'published', docName: 'note:public' }, [
  ['whoever holds its link', link, 'read', true],
  ['whoever holds its link', link, 'edit', false],
  ['a signed-in guest', guest, 'read', true],
  ['a delegate', arezzo, 'edit', false],
  ['nobody (no link, no session)', null, 'read', false],
]);
describe('published page of another document', () => {
  it('is not read with the link of another', () => expect(can(link, 'read', { kind: 'published', docName: 'note:other' })).toBe(false));
});

table('unlisted document', { kind: 'unlisted-document' }, [
  ['a coordinator', coordinator, 'edit', true],
  ['a delegate', arezzo, 'read', false],
  ['an expert', expert, 'read', false],
]);

describe('documentResource and permissionsOn', () => {
  it('gives a delegate of a partner city the proposal to read and edit, its lead city to manage', () => {
    const resource = documentResource('proposal', { visibility: 'participants', cities: ['arezzo', 'torino'], lead: 'torino' });
    expect(permissionsOn(arezzo, resource)).toEqual({ read: true, edit: true, manage: false });
    expect(permissionsOn(torino, resource)).toEqual({ read: true, edit: true, manage: true });
    expect(permissionsOn(expert, resource)).toEqual({ read: false, edit: false, manage: false });
  });
  it('asks edit of the resource it is given for it (a meeting read and managed, its minutes edited)', () => {
    const meeting: Resource = { kind: 'meeting', scope: participants() };
    const minutes: Resource = { kind: 'minutes', scope: participants({ locked: true }) };
    expect(permissionsOn(arezzo, meeting, minutes)).toEqual({ read: true, edit: false, manage: false });
    expect(permissionsOn(coordinator, meeting, minutes)).toEqual({ read: true, edit: false, manage: true });
  });
  it('makes a document without a participant list network-wide, and one for participants only closed to all but coordinators', () => {
    expect(can(torino, 'edit', documentResource('minutes', { visibility: 'network' }))).toBe(true);
    expect(can(torino, 'read', documentResource('minutes', { visibility: 'participants' }))).toBe(false);
    expect(can(coordinator, 'read', documentResource('minutes', { visibility: 'participants' }))).toBe(true);
  });
});
