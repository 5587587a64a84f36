import { describe, expect, it } from 'vitest';
import { ballotErrors, tally, type BallotChoice, type PollKind, type PollSettings } from '@dialogo/shared';

/**
 * The counting rules against examples worked out by hand (the arithmetic is in the comments), so a
 * change of rule shows up as a failing number rather than a silently different winner.
 */

const opts = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));
const poll = (kind: PollKind, ids: string[], settings: Partial<PollSettings> = {}) => ({
  kind,
  options: opts(...ids),
  settings: { ballot: 'city', anonymous: false, results: 'live', reasons: 'optional', ...settings } as PollSettings,
});
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
const ranked = (n: number, ranking: string[]): BallotChoice[] => times(n, { kind: 'ranked', ranking });

describe('instant runoff', () => {
  it('transfers the eliminated option’s ballots to their next choice', () => {
    // Round 1: a 4, b 3, c 2 of 9: no majority (needs 5); c goes.
    // Round 2: c's two ballots move to b: a 4, b 5: b has 5 of 9.
    const r = tally(poll('ranked', ['a', 'b', 'c']), [...ranked(4, ['a', 'b', 'c']), ...ranked(3, ['b', 'c', 'a']), ...ranked(2, ['c', 'b', 'a'])]);
    if (r.kind !== 'ranked') throw new Error('kind');
    expect(r.rounds).toEqual([
      {
        tallies: [
          { option: 'a', total: 4 },
          { option: 'b', total: 3 },
          { option: 'c', total: 2 },
        ],
        exhausted: 0,
        eliminated: 'c',
      },
      {
        tallies: [
          { option: 'a', total: 4 },
          { option: 'b', total: 5 },
        ],
        exhausted: 0,
        winner: 'b',
      },
    ]);
    expect(r.winners).toEqual(['b']);
    // Borda, 3 options (2, 1, 0 points): a 4×2 = 8; b 4×1 + 3×2 + 2×1 = 12; c 3×1 + 2×2 = 7.
    expect(r.borda).toEqual([
      { option: 'a', total: 8 },
      { option: 'b', total: 12 },
      { option: 'c', total: 7 },
    ]);
    expect(r.bordaWinners).toEqual(['b']);
  });

  it('counts exhausted ballots out of the majority and breaks a last-place tie by the options’ order', () => {
    // Ballots: 3×[a], 2×[b, a], 2×[c], 1×[d]  (8 ballots)
    // Round 1: a 3, b 2, c 2, d 1; d goes.                 exhausted 0
    // Round 2: a 3, b 2, c 2; d's ballot is exhausted.     exhausted 1, 7 continuing, majority 4
    //   b and c tie for last; no earlier round separates them (2 and 2); Borda (4 options: 3,2,1,0)
    //   b 2×3 = 6, c 2×3 = 6: still tied; c is listed after b and goes.
    // Round 3: a 3, b 2; c's two ballots are exhausted.   exhausted 3, 5 continuing: a has 3 > 2.5.
    const r = tally(poll('ranked', ['a', 'b', 'c', 'd']), [...ranked(3, ['a']), ...ranked(2, ['b', 'a']), ...ranked(2, ['c']), ...ranked(1, ['d'])]);
    if (r.kind !== 'ranked') throw new Error('kind');
    expect(r.rounds.map((x) => [x.exhausted, x.eliminated, x.tieBreak, x.winner])).toEqual([
      [0, 'd', undefined, undefined],
      [1, 'c', 'order', undefined],
      [3, undefined, undefined, 'a'],
    ]);
    expect(r.rounds[2]!.tallies).toEqual([
      { option: 'a', total: 3 },
      { option: 'b', total: 2 },
    ]);
    expect(r.winners).toEqual(['a']);
    // a 3×3 + 2×2 = 13, b 2×3 = 6, c 2×3 = 6, d 1×3 = 3
    expect(r.borda.map((b) => b.total)).toEqual([13, 6, 6, 3]);
  });

  it('breaks a last-place tie by the most recent earlier round that separates the options', () => {
    // Ballots: 4×[a], 3×[b], 2×[c, b], 1×[d, c]
    // Round 1: a 4, b 3, c 2, d 1; d goes.
    // Round 2: a 4, b 3, c 3: b and c tie for last; in round 1 c had 2 < b's 3, so c goes.
    // Round 3: a 4, b 5; d's ballot [d, c] is exhausted: 9 continuing, b has 5 > 4.5.
    const r = tally(poll('ranked', ['a', 'b', 'c', 'd']), [...ranked(4, ['a']), ...ranked(3, ['b']), ...ranked(2, ['c', 'b']), ...ranked(1, ['d', 'c'])]);
    if (r.kind !== 'ranked') throw new Error('kind');
    expect(r.rounds.map((x) => [x.eliminated, x.tieBreak, x.exhausted])).toEqual([
      ['d', undefined, 0],
      ['c', 'earlier-round', 0],
      [undefined, undefined, 1],
    ]);
    expect(r.winners).toEqual(['b']);
  });

  it('breaks a first-round tie for last place by the Borda count', () => {
    // Ballots: 3×[a, c, b], 2×[b, a, c], 2×[c, b, a]
    // Round 1: a 3, b 2, c 2 of 7 (majority 4). b and c tie; Borda: b 2×2 + 2×1 = 6, c 3×1 + 2×2 = 7: b goes.
    // Round 2: a 3 + 2 = 5, c 2: a wins.
    const r = tally(poll('ranked', ['a', 'b', 'c']), [...ranked(3, ['a', 'c', 'b']), ...ranked(2, ['b', 'a', 'c']), ...ranked(2, ['c', 'b', 'a'])]);
    if (r.kind !== 'ranked') throw new Error('kind');
    expect(r.rounds[0]).toMatchObject({ eliminated: 'b', tieBreak: 'borda' });
    expect(r.borda).toEqual([
      { option: 'a', total: 8 },
      { option: 'b', total: 6 },
      { option: 'c', total: 7 },
    ]);
    expect(r.winners).toEqual(['a']);
  });

  it('declares a tie when no rule separates the options left', () => {
    // 1×[a], 1×[b]: 1 vote each of 2, no majority; no earlier round; Borda 1 and 1.
    const r = tally(poll('ranked', ['a', 'b']), [...ranked(1, ['a']), ...ranked(1, ['b'])]);
    if (r.kind !== 'ranked') throw new Error('kind');
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]!.eliminated).toBeUndefined();
    expect(r.winners).toEqual(['a', 'b']);
  });

  it('has no rounds and no winner without ballots', () => {
    const r = tally(poll('ranked', ['a', 'b']), []);
    expect(r).toMatchObject({ ballots: 0, rounds: [], winners: [], bordaWinners: [] });
  });
});

describe('score, dot vote and choice polls', () => {
  it('sums scores, treating an unscored option as 0, and averages over every ballot', () => {
    // x: 5 + 2 + 0 = 7, average 7/3 = 2.33; y: 3 + 5 + 4 = 12, average 4.
    const r = tally(poll('score', ['x', 'y'], { maxScore: 5 }), [
      { kind: 'score', scores: { x: 5, y: 3 } },
      { kind: 'score', scores: { x: 2, y: 5 } },
      { kind: 'score', scores: { y: 4 } },
    ]);
    expect(r).toEqual({
      kind: 'score',
      ballots: 3,
      maxScore: 5,
      totals: [
        { option: 'x', total: 7, average: 2.33 },
        { option: 'y', total: 12, average: 4 },
      ],
      winners: ['y'],
    });
  });

  it('refuses a score above the maximum', () => {
    const p = poll('score', ['x', 'y'], { maxScore: 5 });
    expect(ballotErrors(p, { choice: { kind: 'score', scores: { x: 6 } } })).toEqual({ choice: 'out-of-range' });
    expect(ballotErrors(p, { choice: { kind: 'score', scores: { x: 5, y: 0 } } })).toEqual({});
  });

  it('adds dot-vote points and keeps every ballot within its budget', () => {
    // a 6 + 10 = 16, b 4 + 3 = 7, c 7.
    const p = poll('dot', ['a', 'b', 'c'], { budget: 10 });
    const r = tally(p, [
      { kind: 'dot', points: { a: 6, b: 4 } },
      { kind: 'dot', points: { a: 10 } },
      { kind: 'dot', points: { b: 3, c: 7 } },
    ]);
    expect(r).toMatchObject({
      totals: [
        { option: 'a', total: 16 },
        { option: 'b', total: 7 },
        { option: 'c', total: 7 },
      ],
      winners: ['a'],
      budget: 10,
    });
    expect(ballotErrors(p, { choice: { kind: 'dot', points: { a: 6, b: 5 } } })).toEqual({ choice: 'over-budget' });
    expect(ballotErrors(p, { choice: { kind: 'dot', points: { a: 0 } } })).toEqual({ choice: 'required' });
    expect(ballotErrors(p, { choice: { kind: 'dot', points: { a: 5, c: 5 } } })).toEqual({});
    expect(ballotErrors(p, { choice: { kind: 'dot', points: { z: 1 } } })).toEqual({ choice: 'invalid' });
  });

  it('counts single and multiple choices, at most N each, and reports ties', () => {
    const single = tally(poll('single', ['a', 'b']), [
      { kind: 'single', option: 'a' },
      { kind: 'single', option: 'b' },
    ]);
    expect(single).toMatchObject({ ballots: 2, winners: ['a', 'b'] });
    const p = poll('multiple', ['a', 'b', 'c'], { maxChoices: 2 });
    const multiple = tally(p, [
      { kind: 'multiple', options: ['a', 'b'] },
      { kind: 'multiple', options: ['b'] },
    ]);
    expect(multiple).toMatchObject({
      totals: [
        { option: 'a', total: 1 },
        { option: 'b', total: 2 },
        { option: 'c', total: 0 },
      ],
      winners: ['b'],
    });
    expect(ballotErrors(p, { choice: { kind: 'multiple', options: ['a', 'b', 'c'] } })).toEqual({ choice: 'too-many' });
    expect(ballotErrors(p, { choice: { kind: 'multiple', options: ['a', 'a'] } })).toEqual({ choice: 'invalid' });
  });
});

describe('proposal and meeting-time polls', () => {
  it('agrees by more agree than disagree, abstentions aside, and any block blocks', () => {
    const answers = (...a: ('agree' | 'disagree' | 'abstain' | 'block')[]): BallotChoice[] => a.map((answer) => ({ kind: 'proposal', answer }));
    const p = poll('proposal', [], { allowBlock: true });
    expect(tally(p, answers('agree', 'agree', 'agree', 'disagree', 'abstain'))).toEqual({
      kind: 'proposal',
      ballots: 5,
      counts: { agree: 3, disagree: 1, abstain: 1, block: 0 },
      outcome: 'agreed',
    });
    expect(tally(p, answers('agree', 'agree', 'block'))).toMatchObject({ outcome: 'blocked' });
    expect(tally(p, answers('agree', 'disagree', 'abstain'))).toMatchObject({ outcome: 'tied' });
    expect(tally(p, answers('disagree', 'abstain', 'abstain'))).toMatchObject({ outcome: 'rejected' });
    expect(ballotErrors(poll('proposal', []), { choice: { kind: 'proposal', answer: 'block' } })).toEqual({ choice: 'invalid' });
  });

  it('asks for a reason when the poll requires one', () => {
    const p = poll('proposal', [], { reasons: 'required' });
    expect(ballotErrors(p, { choice: { kind: 'proposal', answer: 'agree' }, reason: '  ' })).toEqual({ reason: 'required' });
    expect(ballotErrors(p, { choice: { kind: 'proposal', answer: 'agree' }, reason: 'Feasible in autumn.' })).toEqual({});
  });

  it('refuses ranked ballots that repeat or invent an option, and reasons where none are asked', () => {
    const p = poll('ranked', ['a', 'b', 'c'], { reasons: 'off' });
    expect(ballotErrors(p, { choice: { kind: 'ranked', ranking: ['a', 'a'] } })).toEqual({ choice: 'invalid' });
    expect(ballotErrors(p, { choice: { kind: 'ranked', ranking: ['a', 'z'] } })).toEqual({ choice: 'invalid' });
    expect(ballotErrors(p, { choice: { kind: 'ranked', ranking: ['c'] }, reason: 'because' })).toEqual({ reason: 'invalid' });
    expect(ballotErrors(p, { choice: { kind: 'single', option: 'a' } })).toEqual({ choice: 'invalid' });
    expect(ballotErrors(poll('meeting-time', ['t1']), { choice: { kind: 'meeting-time', answers: {} } })).toEqual({ choice: 'required' });
  });

  it('picks the time most can attend, then most "if need be"', () => {
    // t1: yes 2, maybe 1; t2: yes 2, maybe 0, no 1; t3: yes 0.
    const r = tally(poll('meeting-time', ['t1', 't2', 't3']), [
      { kind: 'meeting-time', answers: { t1: 'yes', t2: 'yes', t3: 'no' } },
      { kind: 'meeting-time', answers: { t1: 'yes', t2: 'yes' } },
      { kind: 'meeting-time', answers: { t1: 'maybe', t2: 'no', t3: 'maybe' } },
    ]);
    expect(r).toMatchObject({
      times: [
        { option: 't1', yes: 2, maybe: 1, no: 0 },
        { option: 't2', yes: 2, maybe: 0, no: 1 },
        { option: 't3', yes: 0, maybe: 1, no: 1 },
      ],
      winners: ['t1'],
    });
  });
});
