import type { BallotView, Poll, PollUpdate, PollView } from '@dialogo/shared';
import { can } from '../access/policy.ts';
import { toActor, type PersonRecord } from '../network/people.ts';
import type { Counted, StoredBallot } from './ballots.ts';
import { effectiveStatus } from './lifecycle.ts';
import { pollResource } from './resource.ts';

/** What every viewer of a poll may receive at once: no names, whatever the poll's settings. */
export type PollBroadcast = PollUpdate;

/** Everything `viewer` may see of one poll now, from its counted ballots and the names they refer to. */
export function presentPoll(poll: Poll, viewer: PersonRecord, { results, turnout, ballots, revision }: Counted, names: Map<string, string>): PollView {
  const actor = toActor(viewer);
  const status = effectiveStatus(poll);
  const perCity = poll.settings.ballot === 'city';
  const mineKey = perCity ? viewer.cityId : viewer.id;
  const mine = mineKey ? ballots.find((b) => b.voter === mineKey) : undefined;
  const manage = can(actor, 'manage', pollResource(poll));
  const visible = can(actor, 'results', pollResource(poll, undefined, !!mine));
  const toView = (b: StoredBallot) => ballotView(poll, b, names);
  return {
    poll,
    status,
    revision,
    turnout,
    ...(visible ? { results } : {}),
    ...(visible && !poll.settings.anonymous ? { ballots: ballots.map(toView).sort((a, b) => a.voter.name.localeCompare(b.voter.name)) } : {}),
    ...(mine ? { mine: presentOwnBallot(poll, viewer, mine, names) } : {}),
    can: { vote: can(actor, 'vote', pollResource(poll, viewer.cityId)), manage },
  };
}

/** One stored ballot as a reader sees it, named from `names`. */
function ballotView(poll: Poll, b: StoredBallot, names: Map<string, string>): BallotView {
  return {
    voter: { kind: poll.settings.ballot === 'city' ? 'city' : 'person', id: b.voter, name: names.get(b.voter) ?? b.voter },
    choice: b.choice,
    ...(b.reason ? { reason: b.reason } : {}),
    castAt: b.castAt,
    castBy: { id: b.castBy, name: names.get(b.castBy) ?? '' },
    history: b.history.map((h) => ({ castBy: { id: h.castBy, name: names.get(h.castBy) ?? '' }, castAt: h.castAt })),
    casts: b.revision,
  };
}

/** The reader's own ballot (their city's on per-city polls): the `mine` of a view and of a vote's receipt. */
export function presentOwnBallot(poll: Poll, viewer: PersonRecord, mine: StoredBallot, names: Map<string, string>): BallotView {
  const view = ballotView(poll, mine, names);
  // On anonymous polls even the voter's own view carries no name: a co-delegate must not learn who cast it.
  return { ...(poll.settings.anonymous ? { ...view, castBy: { id: '', name: '' }, history: [] } : view), byYou: mine.castBy === viewer.id };
}

/** What every viewer of the poll receives live; see {@link PollBroadcast}. */
export function presentBroadcast(poll: Poll, { results, turnout, revision }: Counted): PollBroadcast {
  const status = effectiveStatus(poll);
  return {
    pollId: poll.id,
    revision,
    status,
    turnout: { eligible: turnout.eligible, voted: turnout.voted },
    ...(poll.meetingId ? { meetingId: poll.meetingId } : {}),
    ...(status === 'closed' || poll.settings.results === 'live' ? { results } : {}),
  };
}
