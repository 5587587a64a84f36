import type { Availability, BallotChoice, PollKind, PollOption, PollSettings, ProposalAnswer } from '../schemas/poll.ts';

/**
 * The counting rules of every poll kind, as pure functions of the stored ballots. The server
 * computes results from the ballots it has stored (never from increments that could drift), the
 * client renders them, and tests/polls/tally.test.ts checks them against hand-worked examples.
 */

/** One option's total (votes, points or score). */
export interface OptionTotal {
  option: string;
  total: number;
}

/** One round of an instant-runoff count. */
export interface RunoffRound {
  /** Votes of every option still in the count this round, in the poll's option order. */
  tallies: OptionTotal[];
  /** Ballots with no continuing option left. */
  exhausted: number;
  /** The option eliminated after this round, if any. */
  eliminated?: string;
  /** How a tie for last place was broken: by an earlier round, by the Borda count, or by the options' order. */
  tieBreak?: 'earlier-round' | 'borda' | 'order';
  /** Set on the last round: the option with a majority of the continuing ballots (or the last one left). */
  winner?: string;
}

export type PollResults =
  | { kind: 'proposal'; ballots: number; counts: Record<ProposalAnswer, number>; outcome: 'agreed' | 'rejected' | 'blocked' | 'tied' | 'none' }
  | { kind: 'single' | 'multiple'; ballots: number; totals: OptionTotal[]; winners: string[] }
  | { kind: 'score'; ballots: number; totals: (OptionTotal & { average: number })[]; maxScore: number; winners: string[] }
  | { kind: 'dot'; ballots: number; totals: OptionTotal[]; budget: number; winners: string[] }
  | { kind: 'ranked'; ballots: number; rounds: RunoffRound[]; winners: string[]; borda: OptionTotal[]; bordaWinners: string[] }
  | { kind: 'meeting-time'; ballots: number; times: { option: string; yes: number; maybe: number; no: number }[]; winners: string[] };

/** What counting needs to know of a poll. */
export interface Countable {
  kind: PollKind;
  options: readonly PollOption[];
  settings: Pick<PollSettings, 'maxScore' | 'budget'>;
}

/** Default settings when a poll leaves them out. */
export const DEFAULT_MAX_SCORE = 5;
export const DEFAULT_BUDGET = 10;

/** The options with the highest total; none when nobody voted. */
function leaders(totals: readonly OptionTotal[]): string[] {
  const best = Math.max(0, ...totals.map((t) => t.total));
  return best > 0 ? totals.filter((t) => t.total === best).map((t) => t.option) : [];
}

function sumBy(options: readonly PollOption[], add: (id: string) => number): OptionTotal[] {
  return options.map((o) => ({ option: o.id, total: add(o.id) }));
}

/** Counts the ballots of one poll. Ballots of another kind are ignored. */
export function tally(poll: Countable, all: readonly BallotChoice[]): PollResults {
  const ballots = all.filter((b) => b.kind === poll.kind);
  const n = ballots.length;
  switch (poll.kind) {
    case 'proposal': {
      const counts: Record<ProposalAnswer, number> = { agree: 0, disagree: 0, abstain: 0, block: 0 };
      for (const b of ballots) if (b.kind === 'proposal') counts[b.answer]++;
      const outcome =
        n === 0 ? 'none' : counts.block > 0 ? 'blocked' : counts.agree > counts.disagree ? 'agreed' : counts.disagree > counts.agree ? 'rejected' : 'tied';
      return { kind: 'proposal', ballots: n, counts, outcome };
    }
    case 'single':
    case 'multiple': {
      const picked = (b: BallotChoice): string[] => (b.kind === 'single' ? [b.option] : b.kind === 'multiple' ? b.options : []);
      const totals = sumBy(poll.options, (id) => ballots.filter((b) => picked(b).includes(id)).length);
      return { kind: poll.kind, ballots: n, totals, winners: leaders(totals) };
    }
    case 'score': {
      const maxScore = poll.settings.maxScore ?? DEFAULT_MAX_SCORE;
      // An option a voter left unscored counts as 0 from them.
      const totals = poll.options.map((o) => {
        const total = ballots.reduce((sum, b) => sum + (b.kind === 'score' ? (b.scores[o.id] ?? 0) : 0), 0);
        return { option: o.id, total, average: n === 0 ? 0 : Math.round((total / n) * 100) / 100 };
      });
      return { kind: 'score', ballots: n, totals, maxScore, winners: leaders(totals) };
    }
    case 'dot': {
      const totals = sumBy(poll.options, (id) => ballots.reduce((sum, b) => sum + (b.kind === 'dot' ? (b.points[id] ?? 0) : 0), 0));
      return { kind: 'dot', ballots: n, totals, budget: poll.settings.budget ?? DEFAULT_BUDGET, winners: leaders(totals) };
    }
    case 'meeting-time': {
      const times = poll.options.map((o) => {
        const count = (a: Availability) => ballots.filter((b) => b.kind === 'meeting-time' && b.answers[o.id] === a).length;
        return { option: o.id, yes: count('yes'), maybe: count('maybe'), no: count('no') };
      });
      // Most "yes", then most "if need be".
      const score = (t: (typeof times)[number]) => t.yes * 1000 + t.maybe;
      const best = Math.max(0, ...times.map(score));
      return { kind: 'meeting-time', ballots: n, times, winners: best > 0 ? times.filter((t) => score(t) === best).map((t) => t.option) : [] };
    }
    case 'ranked': {
      const rankings = ballots.flatMap((b) => (b.kind === 'ranked' ? [b.ranking] : []));
      const borda = bordaCount(poll.options, rankings);
      return { kind: 'ranked', ballots: n, ...instantRunoff(poll.options, rankings, borda), borda, bordaWinners: leaders(borda) };
    }
  }
}

/**
 * Borda count: with n options, a voter's first choice gets n-1 points, the next n-2, and so on;
 * options a voter left unranked get nothing from them.
 */
export function bordaCount(options: readonly PollOption[], rankings: readonly (readonly string[])[]): OptionTotal[] {
  const n = options.length;
  return sumBy(options, (id) =>
    rankings.reduce((sum, ranking) => {
      const at = ranking.indexOf(id);
      return sum + (at < 0 ? 0 : n - 1 - at);
    }, 0),
  );
}

/**
 * Instant runoff. Each round, every ballot counts for its highest-ranked option still in the count;
 * a ballot with none left is exhausted. An option with more than half of the continuing ballots
 * wins. Otherwise the option with the fewest votes is eliminated; a tie for fewest is broken by the
 * most recent earlier round in which the tied options differed, then by the lower Borda count,
 * then by the options' order (the one listed last goes). When neither an earlier round nor the
 * Borda count separates the options still in the count, they all tie and no more rounds are run.
 */
export function instantRunoff(
  options: readonly PollOption[],
  rankings: readonly (readonly string[])[],
  borda: readonly OptionTotal[] = bordaCount(options, rankings),
): { rounds: RunoffRound[]; winners: string[] } {
  const rounds: RunoffRound[] = [];
  let continuing = options.map((o) => o.id);
  if (rankings.length === 0 || continuing.length === 0) return { rounds, winners: [] };
  const bordaOf = new Map(borda.map((b) => [b.option, b.total]));
  for (;;) {
    const votes = new Map(continuing.map((id) => [id, 0]));
    let exhausted = 0;
    for (const ranking of rankings) {
      const top = ranking.find((id) => votes.has(id));
      if (top === undefined) exhausted++;
      else votes.set(top, votes.get(top)! + 1);
    }
    const round: RunoffRound = { tallies: continuing.map((id) => ({ option: id, total: votes.get(id)! })), exhausted };
    rounds.push(round);
    const active = rankings.length - exhausted;
    if (active === 0) return { rounds, winners: [] };
    const majority = round.tallies.find((t) => t.total * 2 > active);
    if (majority || continuing.length === 1) {
      round.winner = majority?.option ?? continuing[0]!;
      return { rounds, winners: [round.winner] };
    }
    const fewest = Math.min(...round.tallies.map((t) => t.total));
    let last = round.tallies.filter((t) => t.total === fewest).map((t) => t.option);
    if (last.length > 1) {
      // Earlier rounds, most recent first: keep those with the fewest votes then.
      for (let r = rounds.length - 2; r >= 0 && last.length > 1; r--) {
        const then = new Map(rounds[r]!.tallies.map((t) => [t.option, t.total]));
        const min = Math.min(...last.map((id) => then.get(id)!));
        const narrowed = last.filter((id) => then.get(id) === min);
        if (narrowed.length < last.length) {
          last = narrowed;
          round.tieBreak = 'earlier-round';
        }
      }
      if (last.length > 1) {
        const min = Math.min(...last.map((id) => bordaOf.get(id) ?? 0));
        const narrowed = last.filter((id) => (bordaOf.get(id) ?? 0) === min);
        if (narrowed.length < last.length) {
          last = narrowed;
          round.tieBreak = 'borda';
        }
      }
      // Every option left is still tied: no rule separates them, so they tie.
      if (last.length === continuing.length) {
        delete round.tieBreak;
        return { rounds, winners: last };
      }
      if (last.length > 1) round.tieBreak = 'order';
    }
    // The one listed last among those still tied.
    const out = last[last.length - 1]!;
    round.eliminated = out;
    continuing = continuing.filter((id) => id !== out);
  }
}
