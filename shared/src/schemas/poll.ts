import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { patchOf } from './patch.ts';
import type { PollResults } from '../polls/tally.ts';

/**
 * Polls as the HTTP API and socket.io speak them. The server validates every body with these
 * schemas and checks each ballot against its poll with {@link ballotErrors}; the client reuses both
 * for its forms, so both sides report the same per-field messages.
 */

/** The kinds of poll the network uses (issue 5). */
export const PollKind = {
  proposal: 'proposal',
  single: 'single',
  multiple: 'multiple',
  ranked: 'ranked',
  score: 'score',
  dot: 'dot',
  meetingTime: 'meeting-time',
} as const;
export type PollKind = (typeof PollKind)[keyof typeof PollKind];
export const POLL_KINDS = Object.values(PollKind) as [PollKind, ...PollKind[]];

/** Draft (being prepared, options reorderable), open (taking votes), closed. */
export const PollStatus = { draft: 'draft', open: 'open', closed: 'closed' } as const;
export type PollStatus = (typeof PollStatus)[keyof typeof PollStatus];

/** Answers of a proposal poll. */
export const PROPOSAL_ANSWERS = ['agree', 'disagree', 'abstain', 'block'] as const;
export type ProposalAnswer = (typeof PROPOSAL_ANSWERS)[number];
/** Answers to one candidate time of a meeting-time poll. */
export const AVAILABILITY = ['yes', 'maybe', 'no'] as const;
export type Availability = (typeof AVAILABILITY)[number];

const optionId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'invalid');

export const PollOptionSchema = z.object({
  id: optionId,
  label: z.string().trim().min(1, 'required').max(LIMITS.option, 'too-long'),
});
export type PollOption = z.infer<typeof PollOptionSchema>;

/** How a poll counts and what it shows. */
export const PollSettingsSchema = z.object({
  /** One ballot per city (cast by any of its delegates, the latest counting) or one per person. */
  ballot: z.enum(['city', 'person']).default('city'),
  /** Anonymous: no API or event ever says who voted what, or who has not voted. */
  anonymous: z.boolean().default(false),
  /** Results shown to voters live, only once closed, or once they have voted. Coordinators always see them. */
  results: z.enum(['live', 'after-close', 'after-vote']).default('live'),
  /** A reason with each ballot: not asked, optional or required. */
  reasons: z.enum(['off', 'optional', 'required']).default('optional'),
  /** Multiple choice: at most this many options. */
  maxChoices: z.number().int().min(1).max(50).optional(),
  /** Score: each option gets 0..maxScore. */
  maxScore: z.number().int().min(1).max(100).optional(),
  /** Dot vote: points to spread. */
  budget: z.number().int().min(1).max(1000).optional(),
  /** Proposal: "block" is one of the answers. */
  allowBlock: z.boolean().optional(),
});
export type PollSettings = z.infer<typeof PollSettingsSchema>;

/** Body of `POST /api/polls` (and, partly, `PATCH /api/polls/:id` while a draft). */
export const PollInputSchema = z
  .object({
    question: z.string().trim().min(1, 'required').max(LIMITS.question, 'too-long'),
    description: z.string().trim().max(LIMITS.notes, 'too-long').default(''),
    kind: z.enum(POLL_KINDS),
    /** Labels, in order; proposal polls need none (their answers are fixed). */
    options: z.array(z.string().trim().min(1, 'required').max(LIMITS.option, 'too-long')).max(50, 'too-many').default([]),
    settings: PollSettingsSchema.default({ ballot: 'city', anonymous: false, results: 'live', reasons: 'optional' }),
    /** ISO date-time; absent: closed by hand. */
    closesAt: z.iso.datetime({ offset: true, message: 'date' }).optional(),
    /** Minutes document the results block goes into once closed, e.g. `minutes:2020-06-18-coordination`. */
    minutes: z.string().max(80).optional(),
    /** Agenda item the poll belongs to (free text or an item id of the meeting's agenda). */
    agendaItem: z.string().trim().max(LIMITS.option, 'too-long').optional(),
    /** The meeting it was launched from (its live room hears of it at once). */
    meetingId: z.string().max(80).optional(),
  })
  .strict()
  .superRefine((poll, ctx) => {
    if (poll.kind !== PollKind.proposal && poll.options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'at-least-two' });
    }
    const labels = poll.options.map((o) => o.toLowerCase());
    if (new Set(labels).size !== labels.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'duplicate' });
    const s = poll.settings;
    if (poll.kind === PollKind.multiple && s.maxChoices !== undefined && s.maxChoices > poll.options.length) {
      ctx.addIssue({ code: 'custom', path: ['settings', 'maxChoices'], message: 'too-many' });
    }
    if (poll.closesAt && Number.isNaN(Date.parse(poll.closesAt))) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'date' });
  });
export type PollInput = z.input<typeof PollInputSchema>;

/** Body of `PATCH /api/polls/:id`: anything of a draft; only closesAt, minutes and agenda item once open. */
export const PollPatchSchema = z
  .object({
    question: z.string().trim().min(1, 'required').max(LIMITS.question, 'too-long').optional(),
    description: z.string().trim().max(LIMITS.notes, 'too-long').optional(),
    /** The options in their new order (labels kept, ids kept when given). */
    options: z.array(PollOptionSchema).max(50, 'too-many').optional(),
    settings: patchOf(PollSettingsSchema.shape).optional(),
    closesAt: z.iso.datetime({ offset: true, message: 'date' }).nullable().optional(),
    minutes: z.string().max(80).nullable().optional(),
    agendaItem: z.string().trim().max(LIMITS.option, 'too-long').nullable().optional(),
  })
  .strict();
export type PollPatch = z.infer<typeof PollPatchSchema>;

/** A poll as every reader sees it. */
export interface Poll {
  id: string;
  question: string;
  description: string;
  kind: PollKind;
  options: PollOption[];
  settings: PollSettings;
  status: PollStatus;
  closesAt?: string;
  openedAt?: string;
  closedAt?: string;
  createdAt: string;
  createdBy: string;
  minutes?: string;
  agendaItem?: string;
  meetingId?: string;
  /** Bumped by every change of the poll itself; with the ballots' revisions it orders live updates. */
  revision: number;
}

/** What a voter chooses, by kind. Option ids refer to the poll's options. */
export const BallotChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proposal'), answer: z.enum(PROPOSAL_ANSWERS) }),
  z.object({ kind: z.literal('single'), option: optionId }),
  z.object({ kind: z.literal('multiple'), options: z.array(optionId).max(50) }),
  /** Most preferred first; options left out are ranked below every ranked one. */
  z.object({ kind: z.literal('ranked'), ranking: z.array(optionId).min(1, 'required').max(50) }),
  z.object({ kind: z.literal('score'), scores: z.record(optionId, z.number().int().min(0).max(100)) }),
  z.object({ kind: z.literal('dot'), points: z.record(optionId, z.number().int().min(0).max(1000)) }),
  z.object({ kind: z.literal('meeting-time'), answers: z.record(optionId, z.enum(AVAILABILITY)) }),
]);
export type BallotChoice = z.infer<typeof BallotChoiceSchema>;

/** Body of `POST /api/polls/:id/vote` and of the `poll:vote` event. */
export const VoteInputSchema = z
  .object({
    choice: BallotChoiceSchema,
    reason: z.string().trim().max(LIMITS.reason, 'too-long').optional(),
    /** Per-city polls: the city voted for; defaults to the voter's own. */
    cityId: z.string().max(80).optional(),
  })
  .strict();
export type VoteInput = z.infer<typeof VoteInputSchema>;

/**
 * Checks a ballot against its poll; returns per-field messages (empty when valid). The same rules
 * run in the browser before sending and on the server before storing.
 */
export function ballotErrors(poll: Pick<Poll, 'kind' | 'options' | 'settings'>, vote: VoteInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const { choice } = vote;
  const ids = new Set(poll.options.map((o) => o.id));
  if (choice.kind !== poll.kind) return { choice: 'invalid' };
  const unknown = (list: string[]) => list.some((id) => !ids.has(id));
  switch (choice.kind) {
    case 'proposal':
      if (choice.answer === 'block' && !poll.settings.allowBlock) errors.choice = 'invalid';
      break;
    case 'single':
      if (!ids.has(choice.option)) errors.choice = 'invalid';
      break;
    case 'multiple': {
      const max = poll.settings.maxChoices ?? poll.options.length;
      if (choice.options.length === 0) errors.choice = 'required';
      else if (unknown(choice.options) || new Set(choice.options).size !== choice.options.length) errors.choice = 'invalid';
      else if (choice.options.length > max) errors.choice = 'too-many';
      break;
    }
    case 'ranked':
      if (unknown(choice.ranking) || new Set(choice.ranking).size !== choice.ranking.length) errors.choice = 'invalid';
      break;
    case 'score': {
      const max = poll.settings.maxScore ?? 5;
      if (unknown(Object.keys(choice.scores))) errors.choice = 'invalid';
      else if (Object.values(choice.scores).some((v) => v > max)) errors.choice = 'out-of-range';
      break;
    }
    case 'dot': {
      const budget = poll.settings.budget ?? 10;
      const spent = Object.values(choice.points).reduce((a, b) => a + b, 0);
      if (unknown(Object.keys(choice.points))) errors.choice = 'invalid';
      else if (spent === 0) errors.choice = 'required';
      else if (spent > budget) errors.choice = 'over-budget';
      break;
    }
    case 'meeting-time':
      if (unknown(Object.keys(choice.answers))) errors.choice = 'invalid';
      else if (Object.keys(choice.answers).length === 0) errors.choice = 'required';
      break;
  }
  const reason = vote.reason ?? '';
  if (poll.settings.reasons === 'required' && reason.trim() === '') errors.reason = 'required';
  if (poll.settings.reasons === 'off' && reason.trim() !== '') errors.reason = 'invalid';
  return errors;
}

/** A ballot as its own voter (and, for named polls, every reader) sees it. */
export interface BallotView {
  /** The city (per-city polls) or the person (per-person polls) the ballot counts for. */
  voter: { kind: 'city' | 'person'; id: string; name: string };
  choice: BallotChoice;
  reason?: string;
  castAt: string;
  /** Who cast it (per-city polls: which delegate). */
  castBy: { id: string; name: string };
  /** The latest times this ballot was cast (up to 5), oldest first (per-city polls: the delegates who cast it). */
  history: { castBy: { id: string; name: string }; castAt: string }[];
  /** How many times it was cast in all. */
  casts: number;
  /**
   * On the reader's own ballot (`mine`) only: whether the reader cast it last. On per-city polls a
   * co-delegate's ballot is the city's, but its reason is theirs: the form starts with an empty one.
   */
  byYou?: boolean;
}

/** Turnout: how many of the eligible voters voted; the names only on named polls. */
export interface Turnout {
  eligible: number;
  voted: number;
  /** Absent on anonymous polls. */
  notVoted?: { id: string; name: string }[];
}

/** Everything a reader of one poll may see; what is hidden from them is absent. */
export interface PollView {
  poll: Poll;
  /** The poll's status now: an open poll past its closing time reads as closed. */
  status: PollStatus;
  /** Orders updates: a view with a lower revision than one already shown is stale. */
  revision: number;
  turnout: Turnout;
  /** Absent when the settings hide results from this reader now. */
  results?: PollResults;
  /** Named polls, when results are visible: every ballot. */
  ballots?: BallotView[];
  /** The reader's own ballot (their city's, on per-city polls). */
  mine?: BallotView;
  /** What the reader may do. */
  can: { vote: boolean; manage: boolean };
}

/**
 * The acknowledgement of a ballot cast live (`poll:vote`): the reader's own ballot as now stored.
 * Counts and results reach every watcher, the voter included, in the poll's next update; a small
 * answer keeps a ballot's round trip short while a whole meeting votes.
 */
export interface VoteReceipt {
  pollId: string;
  mine: BallotView;
}

/** One row of the polls page (`GET /api/polls`): the server builds it, the client shows it. */
export interface PollListItem {
  poll: Poll;
  status: PollView['status'];
  turnout: { eligible: number; voted: number };
  /** The reader's city (or the reader) has a ballot in it. */
  voted: boolean;
}
