import type { Poll, PollResults, Turnout } from '@dialogo/shared';
import { toCsv } from '../lib/csv.ts';

/**
 * Results as plain lines and as CSV: what goes into the minutes once a poll closes and what the
 * export carries. Both are built from the same counted results, so they always agree.
 */

const PROPOSAL_LABELS = { agree: 'Agree', disagree: 'Disagree', abstain: 'Abstain', block: 'Block' } as const;
const OUTCOME_LABELS = { agreed: 'agreed', rejected: 'rejected', blocked: 'blocked', tied: 'tied', none: 'no ballots' } as const;

function labelOf(poll: Poll): (id: string) => string {
  const labels = new Map(poll.options.map((o) => [o.id, o.label]));
  return (id) => labels.get(id) ?? id;
}

/** The heading of a poll's results block in the minutes (also how the block is found again). */
export function resultsHeading(poll: Poll): string {
  return `Poll results: ${poll.question}`;
}

/** One line of facts and one line per option (or answer), in English like the minutes' seed. */
export function resultsLines(poll: Poll, results: PollResults, turnout: Turnout): { facts: string; lines: string[] } {
  const label = labelOf(poll);
  const who = poll.settings.ballot === 'city' ? 'cities' : 'people';
  const closed = poll.closedAt ? `Closed ${poll.closedAt.slice(0, 16).replace('T', ' ')} UTC. ` : '';
  let outcome = '';
  let lines: string[] = [];
  switch (results.kind) {
    case 'proposal':
      outcome = `Outcome: ${OUTCOME_LABELS[results.outcome]}.`;
      lines = (['agree', 'disagree', 'abstain', 'block'] as const)
        .filter((a) => a !== 'block' || poll.settings.allowBlock)
        .map((a) => `${PROPOSAL_LABELS[a]}: ${results.counts[a]}`);
      break;
    case 'single':
    case 'multiple':
      lines = results.totals.map((t) => `${label(t.option)}: ${t.total} ${t.total === 1 ? 'vote' : 'votes'}`);
      break;
    case 'score':
      lines = results.totals.map((t) => `${label(t.option)}: ${t.total} points (average ${t.average} of ${results.maxScore})`);
      break;
    case 'dot':
      lines = results.totals.map((t) => `${label(t.option)}: ${t.total} points`);
      break;
    case 'meeting-time':
      lines = results.times.map((t) => `${label(t.option)}: ${t.yes} yes, ${t.maybe} if need be, ${t.no} no`);
      break;
    case 'ranked': {
      const last = results.rounds.at(-1);
      const rounds = results.rounds.length;
      outcome = `Borda count: ${results.bordaWinners.map(label).join(', ') || '—'}.`;
      lines = [
        ...results.rounds.map(
          (r, i) =>
            `Round ${i + 1}: ${r.tallies.map((t) => `${label(t.option)} ${t.total}`).join(', ')}${r.exhausted ? `; exhausted ${r.exhausted}` : ''}${r.eliminated ? `; ${label(r.eliminated)} eliminated` : ''}`,
        ),
        ...results.borda.map((b) => `${label(b.option)}: ${b.total} Borda points`),
      ];
      if (last && rounds > 0) outcome = `Instant runoff after ${rounds} ${rounds === 1 ? 'round' : 'rounds'}. ${outcome}`;
      break;
    }
  }
  const winners = 'winners' in results && results.winners.length > 0 ? `Result: ${results.winners.map(label).join(', ')}${results.winners.length > 1 ? ' (tie)' : ''}. ` : '';
  return { facts: `${closed}${turnout.voted} of ${turnout.eligible} ${who} voted. ${winners}${outcome}`.trim(), lines };
}

/** The results as CSV, one row per option (or answer); ranked polls add one column per round. */
export function resultsCsv(poll: Poll, results: PollResults): string {
  const label = labelOf(poll);
  switch (results.kind) {
    case 'proposal':
      return toCsv([['answer', 'ballots'], ...(['agree', 'disagree', 'abstain', 'block'] as const).map((a) => [a, String(results.counts[a])])]);
    case 'single':
    case 'multiple':
      return toCsv([['option', 'votes'], ...results.totals.map((t) => [label(t.option), String(t.total)])]);
    case 'score':
      return toCsv([['option', 'total', 'average'], ...results.totals.map((t) => [label(t.option), String(t.total), String(t.average)])]);
    case 'dot':
      return toCsv([['option', 'points'], ...results.totals.map((t) => [label(t.option), String(t.total)])]);
    case 'meeting-time':
      return toCsv([['time', 'yes', 'if need be', 'no'], ...results.times.map((t) => [label(t.option), String(t.yes), String(t.maybe), String(t.no)])]);
    case 'ranked':
      return toCsv([
        ['option', 'borda', ...results.rounds.map((_, i) => `round ${i + 1}`)],
        ...poll.options.map((o) => [
          o.label,
          String(results.borda.find((b) => b.option === o.id)?.total ?? 0),
          ...results.rounds.map((r) => {
            const t = r.tallies.find((x) => x.option === o.id);
            return t ? String(t.total) : '';
          }),
        ]),
      ]);
  }
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The bars a chart shows: votes, points, Borda points (ranked) or "yes" answers (meeting time). */
function chartRows(poll: Poll, results: PollResults): { label: string; value: number; text: string }[] {
  const label = labelOf(poll);
  switch (results.kind) {
    case 'proposal':
      return (['agree', 'disagree', 'abstain', 'block'] as const)
        .filter((a) => a !== 'block' || poll.settings.allowBlock)
        .map((a) => ({ label: PROPOSAL_LABELS[a], value: results.counts[a], text: String(results.counts[a]) }));
    case 'single':
    case 'multiple':
    case 'dot':
    case 'score':
      return results.totals.map((t) => ({ label: label(t.option), value: t.total, text: String(t.total) }));
    case 'ranked':
      return results.borda.map((b) => ({ label: label(b.option), value: b.total, text: `${b.total} Borda` }));
    case 'meeting-time':
      return results.times.map((t) => ({ label: label(t.option), value: t.yes, text: `${t.yes} yes, ${t.maybe} if need be` }));
  }
}

/**
 * The results as a chart image (SVG, readable by any browser or office suite): one labelled bar per
 * option with its number written beside it, the question as title.
 */
export function resultsSvg(poll: Poll, results: PollResults): string {
  const rows = chartRows(poll, results);
  const width = 720;
  const rowHeight = 44;
  const top = 56;
  const barX = 16;
  const barWidth = width - 2 * barX - 120;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = top + rows.length * rowHeight + 16;
  const bars = rows
    .map((row, i) => {
      const y = top + i * rowHeight;
      const w = Math.round((row.value / max) * barWidth);
      return [
        `<text x="${barX}" y="${y + 12}" font-size="13" fill="#1f2328">${escapeXml(row.label)}</text>`,
        `<rect x="${barX}" y="${y + 18}" width="${barWidth}" height="12" rx="6" fill="#e3eeec"/>`,
        `<rect x="${barX}" y="${y + 18}" width="${w}" height="12" rx="6" fill="#22585b"/>`,
        `<text x="${barX + barWidth + 10}" y="${y + 29}" font-size="13" fill="#1f2328">${escapeXml(row.text)}</text>`,
      ].join('');
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-labelledby="t">
<title id="t">${escapeXml(poll.question)}</title>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${barX}" y="28" font-size="16" font-weight="700" fill="#1f2328">${escapeXml(poll.question)}</text>
${bars}
</svg>
`;
}
