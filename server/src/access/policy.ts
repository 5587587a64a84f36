import type { DocumentPermissions, DocumentScope, Role } from '@dialogo/shared';

/**
 * The one access policy. Every channel (HTTP routes, the document WebSocket at its upgrade,
 * socket.io at each room join and event) asks `can(actor, action, resource)` and nothing else
 * decides. The function is pure: callers load the person and the resource's scope first, so the
 * rules read in one place and the access-matrix tests exercise exactly what production runs.
 */

/** Who is asking: a signed-in person, or someone holding a published link. */
export type Actor = { kind: 'person'; id: string; role: Role; cityId?: string; archived?: boolean } | { kind: 'published-link'; docName: string };

export type Action =
  /** See it (the document WebSocket opens read-only). */
  | 'read'
  /** Change its content (the document WebSocket accepts updates). */
  | 'edit'
  /** Create, archive, change settings or status, run it (chair a meeting, open a poll). */
  | 'manage'
  /** Cast a ballot; `forCity` is the city the ballot is for, when polls count per city. */
  | 'vote'
  /** See a poll's results (and, on named polls, its ballots) now. */
  | 'results';

/** Who takes part in a meeting (its agenda and minutes inherit it). */
export interface ParticipantScope {
  /** Cities taking part: their delegates are participants. */
  cities: readonly string[];
  /** People taking part in person (experts, named members). */
  people: readonly string[];
  /** Guests invited to read. */
  guests: readonly string[];
  /** Restricted: only participants (and coordinators) read it. */
  restricted: boolean;
  /** No participant list: a network-wide meeting in which every delegate and expert takes part. */
  open?: boolean;
  /** Approved minutes: read as before, edited by nobody (coordinators included). */
  locked?: boolean;
}

/** A joint proposal belongs to its partner cities. */
export interface ProposalScope {
  partnerCities: readonly string[];
  /** `network`: other members read it; `partners`: only partners and coordinators. */
  visibility: 'partners' | 'network';
  guests: readonly string[];
  /** The lead city: its delegates (and coordinators) manage the proposal (status, settings). */
  leadCity?: string;
  /** Submitted, funded or rejected: read as before, edited by nobody until it is reopened. */
  locked?: boolean;
}

export interface PollScope extends ParticipantScope {
  /** One ballot per city (cast by a delegate) or one per person. */
  ballot: 'city' | 'person';
  /** For votes: the city the ballot is cast for (per-city polls). */
  forCity?: string;
  /** Its status now (open past its closing time reads as closed): a draft is its managers' only, ballots go into an open poll. */
  status?: 'draft' | 'open' | 'closed';
  /** When its results show to those who do not manage it: at once, after closing, or after one's own ballot. */
  results?: 'live' | 'after-close' | 'after-vote';
  /** For results: the reader (or their city) has cast a ballot. */
  voted?: boolean;
}

/** Every kind of resource the network holds. */
export type Resource =
  | { kind: 'network' }
  | { kind: 'city'; id?: string }
  | { kind: 'people' }
  /** One person's own account: their profile, language and password. */
  | { kind: 'person'; id: string }
  | { kind: 'meeting'; scope: ParticipantScope }
  | { kind: 'agenda'; scope: ParticipantScope }
  | { kind: 'minutes'; scope: ParticipantScope }
  | { kind: 'note'; scope: ParticipantScope }
  /** The network's list of polls (who is told of new and changed ones). */
  | { kind: 'polls' }
  | { kind: 'poll'; scope: PollScope }
  | { kind: 'proposal'; scope: ProposalScope }
  | { kind: 'action-plan'; scope: ParticipantScope }
  | { kind: 'published'; docName: string }
  /** A document with a canonical name and no record (created by the server or a script before it was listed). */
  | { kind: 'unlisted-document' };

/** A signed-in person, as the policy sees them. */
export type PersonActor = Extract<Actor, { kind: 'person' }>;
type Person = PersonActor;

/** Takes part: the person is named, or is a delegate of a city taking part. */
function participates(p: Person, scope: { cities: readonly string[]; people: readonly string[]; open?: boolean }): boolean {
  if (scope.open) return p.role === 'delegate' || p.role === 'expert';
  if (scope.people.includes(p.id)) return true;
  return p.role === 'delegate' && !!p.cityId && scope.cities.includes(p.cityId);
}

/** The decision. Anything not allowed below is denied. */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (!actor) return false;
  if (actor.kind === 'published-link') {
    return action === 'read' && resource.kind === 'published' && resource.docName === actor.docName;
  }
  if (actor.archived) return false;
  // A published page is public to everyone who has the link, signed in or not.
  if (resource.kind === 'published') return action === 'read';
  // Locked (approved) minutes keep their approved text: no one edits them, coordinators included.
  // So are submitted (funded, rejected) proposals: their text, budget and timeline stay as sent.
  if (action === 'edit' && (resource.kind === 'minutes' || resource.kind === 'proposal') && resource.scope.locked) return false;
  // A coordinator manages others' accounts (role, city, archiving), never their own: nobody demotes
  // or archives themselves, so the network cannot lose its last coordinator by a slip.
  if (action === 'manage' && resource.kind === 'person' && resource.id === actor.id) return false;
  // Coordinators run polls; ballots are the cities' (their delegates') and the members' own.
  if (actor.role === 'coordinator') return !(action === 'vote' && resource.kind === 'poll');

  const member = actor.role === 'delegate' || actor.role === 'expert';
  switch (resource.kind) {
    case 'network':
    case 'city':
    case 'polls':
      // The network's dashboard (and its list of polls) is for its members; guests see only what they were invited to.
      return action === 'read' && member;
    case 'people':
    case 'unlisted-document':
      // Only coordinators (decided above) reach the people list and documents nobody listed.
      return false;
    case 'person':
      // Everyone keeps their own account (guests included); only coordinators manage others'.
      return (action === 'read' || action === 'edit') && resource.id === actor.id;
    case 'meeting':
    case 'agenda':
    case 'minutes':
    case 'note':
    case 'action-plan': {
      const { scope } = resource;
      const takesPart = participates(actor, scope);
      if (action === 'read') {
        if (actor.role === 'guest') return scope.guests.includes(actor.id);
        return member && (!scope.restricted || takesPart);
      }
      if (action === 'edit') {
        if (!member) return false;
        // The action plan and network notes are the network's: every delegate and expert keeps them.
        if (resource.kind === 'action-plan' || resource.kind === 'note') return !scope.restricted || takesPart;
        return takesPart;
      }
      return false;
    }
    case 'poll': {
      const { scope } = resource;
      // A draft is its managers' (coordinators, decided above) until it opens.
      if (scope.status === 'draft') return false;
      const reads = actor.role === 'guest' ? scope.guests.includes(actor.id) : member && (!scope.restricted || participates(actor, scope));
      if (action === 'read') return reads;
      if (action === 'results') {
        // Readers see results live, after the close, or after their own ballot, as the poll is set.
        return (
          reads && (scope.status === 'closed' || scope.results === undefined || scope.results === 'live' || (scope.results === 'after-vote' && !!scope.voted))
        );
      }
      if (action === 'vote') {
        if (scope.status !== undefined && scope.status !== 'open') return false;
        if (scope.ballot === 'city') {
          // A city's ballot is cast by one of its own delegates, and only for that city.
          return actor.role === 'delegate' && !!actor.cityId && actor.cityId === scope.forCity && (!scope.restricted || scope.cities.includes(actor.cityId));
        }
        return member && (!scope.restricted || participates(actor, scope));
      }
      return false;
    }
    case 'proposal': {
      const { scope } = resource;
      const partner = actor.role === 'delegate' && !!actor.cityId && scope.partnerCities.includes(actor.cityId);
      if (action === 'read') {
        if (actor.role === 'guest') return scope.guests.includes(actor.id);
        return partner || (member && scope.visibility === 'network');
      }
      if (action === 'edit') return partner;
      return action === 'manage' && actor.role === 'delegate' && !!actor.cityId && actor.cityId === scope.leadCity;
    }
  }
}

/** The policy's resource for a listed document, from the scope kept on its record. */
export function documentResource(kind: string, scope: DocumentScope | undefined): Resource {
  const restricted = scope?.visibility === 'participants';
  const participants: ParticipantScope = {
    cities: scope?.cities ?? [],
    people: scope?.people ?? [],
    guests: scope?.guests ?? [],
    restricted,
    // No participant list makes a network-wide meeting, unless it is for participants only: then
    // nobody takes part yet, and only coordinators (and invited guests) see it.
    open: !restricted && !scope?.cities?.length && !scope?.people?.length,
    ...(scope?.locked ? { locked: true } : {}),
  };
  switch (kind) {
    case 'proposal':
      return {
        kind: 'proposal',
        scope: {
          partnerCities: participants.cities,
          visibility: scope?.visibility === 'network' ? 'network' : 'partners',
          guests: participants.guests,
          ...(scope?.lead ? { leadCity: scope.lead } : {}),
          ...(scope?.locked ? { locked: true } : {}),
        },
      };
    case 'agenda':
    case 'minutes':
    case 'note':
    case 'action-plan':
      return { kind, scope: participants };
    default:
      return { kind: 'note', scope: participants };
  }
}

/**
 * What `actor` may do with a document, as every answer carries it (`permissions`): the one place
 * the policy's answers are put together, so no caller assembles them by hand. `edit` may be asked
 * of another resource (a meeting's minutes carry the meeting's read and manage, the minutes' edit).
 */
export function permissionsOn(actor: Actor | null, resource: Resource, editResource: Resource = resource): DocumentPermissions {
  return { read: can(actor, 'read', resource), edit: can(actor, 'edit', editResource), manage: can(actor, 'manage', resource) };
}
