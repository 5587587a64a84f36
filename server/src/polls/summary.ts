import { LANGUAGES, type Language, type Poll, type PollResults, type Turnout } from '@dialogo/shared';
import { formatDateTime, formatList, formatNumber, translatorFor } from '../i18n/index.ts';
import { toCsvFor } from '../lib/csv.ts';
import type { Sheet, SheetColumn } from '../lib/xlsx.ts';

/**
 * Results as plain lines and as CSV: what goes into the minutes once a poll closes and what the
 * export carries. Both are built from the same counted results, so they always agree.
 */

const ANSWERS = ['agree', 'disagree', 'abstain', 'block'] as const;

function labelOf(poll: Poll): (id: string) => string {
  const labels = new Map(poll.options.map((o) => [o.id, o.label]));
  return (id) => labels.get(id) ?? id;
}

/** The heading of a poll's results block in the minutes (also how the block is found again). */
export function resultsHeading(poll: Poll, language: Language): string {
  return translatorFor(language)('poll.heading', { question: poll.question });
}

/** The headings the block may have been written under, in every language (a reopened poll's block is found whatever the network's language was). */
export function resultsHeadings(poll: Poll): string[] {
  return LANGUAGES.map((language) => resultsHeading(poll, language));
}

/**
 * One line of facts and one line per option (or answer), in `language` (the network's, for the
 * minutes): the closing time in Europe/Rome as the reader writes it, counts with their plurals.
 */
export function resultsLines(poll: Poll, results: PollResults, turnout: Turnout, language: Language): { facts: string; lines: string[] } {
  const t = translatorFor(language);
  const n = (value: number) => formatNumber(value, language);
  const label = labelOf(poll);
  const list = (ids: readonly string[]) => formatList(ids.map(label), language);
  const closed = poll.closedAt ? t('poll.closed', { date: formatDateTime(poll.closedAt, language) }) : '';
  let outcome = '';
  let lines: string[] = [];
  switch (results.kind) {
    case 'proposal':
      outcome = t('poll.outcome', { outcome: t(`poll.outcomes.${results.outcome}`) });
      lines = ANSWERS.filter((a) => a !== 'block' || poll.settings.allowBlock).map((a) => `${t(`poll.answers.${a}`)}: ${n(results.counts[a])}`);
      break;
    case 'single':
    case 'multiple':
      lines = results.totals.map((x) => t('poll.votes', { label: label(x.option), count: x.total }));
      break;
    case 'score':
      lines = results.totals.map((x) => t('poll.score', { label: label(x.option), count: x.total, average: n(x.average), max: n(results.maxScore) }));
      break;
    case 'dot':
      lines = results.totals.map((x) => t('poll.points', { label: label(x.option), count: x.total }));
      break;
    case 'meeting-time':
      lines = results.times.map((x) => t('poll.times', { label: label(x.option), yes: x.yes, maybe: x.maybe, no: x.no }));
      break;
    case 'ranked': {
      const rounds = results.rounds.length;
      outcome = t('poll.bordaWinners', { winners: results.bordaWinners.length ? list(results.bordaWinners) : '—' });
      lines = [
        ...results.rounds.map(
          (r, i) =>
            `${t('poll.round', { n: i + 1, tallies: r.tallies.map((x) => `${label(x.option)} ${n(x.total)}`).join(', ') })}${r.exhausted ? t('poll.exhausted', { count: r.exhausted }) : ''}${r.eliminated ? t('poll.eliminated', { option: label(r.eliminated) }) : ''}`,
        ),
        ...results.borda.map((b) => t('poll.bordaPoints', { label: label(b.option), count: b.total })),
      ];
      if (rounds > 0) outcome = `${t('poll.runoff', { count: rounds })} ${outcome}`;
      break;
    }
  }
  const winners =
    'winners' in results && results.winners.length > 0
      ? t(results.winners.length > 1 ? 'poll.resultTie' : 'poll.result', { winners: list(results.winners) })
      : '';
  const voted = t(poll.settings.ballot === 'city' ? 'poll.turnoutCity' : 'poll.turnoutPerson', { count: turnout.voted, eligible: turnout.eligible });
  return { facts: [closed, voted, winners, outcome].filter(Boolean).join(' '), lines };
}

/**
 * The results as a table in `language` (the reader's): translated headers and answers, one row per
 * option (or answer), counts and averages as numbers; ranked polls add one column per round (empty
 * where the option was out). The CSV and the spreadsheet are both made of it.
 */
export function resultsTable(poll: Poll, results: PollResults, language: Language): Sheet {
  const t = translatorFor(language);
  const h = (key: string, options?: Record<string, unknown>) => t(`csv.${key}`, options);
  const label = labelOf(poll);
  const name = t('csv.sheetResults');
  const text = (header: string): SheetColumn => ({ header, kind: 'text' });
  const number = (header: string): SheetColumn => ({ header, kind: 'number' });
  switch (results.kind) {
    case 'proposal':
      return {
        name,
        columns: [text(h('answer')), number(h('ballots'))],
        rows: ANSWERS.filter((a) => a !== 'block' || poll.settings.allowBlock || results.counts[a] > 0).map((a) => [t(`poll.answers.${a}`), results.counts[a]]),
      };
    case 'single':
    case 'multiple':
      return { name, columns: [text(h('option')), number(h('votes'))], rows: results.totals.map((x) => [label(x.option), x.total]) };
    case 'score':
      return {
        name,
        columns: [text(h('option')), number(h('total')), number(h('average'))],
        rows: results.totals.map((x) => [label(x.option), x.total, x.average]),
      };
    case 'dot':
      return { name, columns: [text(h('option')), number(h('points'))], rows: results.totals.map((x) => [label(x.option), x.total]) };
    case 'meeting-time':
      return {
        name,
        columns: [text(h('time')), number(h('yes')), number(h('maybe')), number(h('no'))],
        rows: results.times.map((x) => [label(x.option), x.yes, x.maybe, x.no]),
      };
    case 'ranked':
      return {
        name,
        columns: [text(h('option')), number(h('borda')), ...results.rounds.map((_, i) => number(h('round', { n: i + 1 })))],
        rows: poll.options.map((o) => [
          o.label,
          results.borda.find((b) => b.option === o.id)?.total ?? 0,
          ...results.rounds.map((r) => r.tallies.find((x) => x.option === o.id)?.total ?? ''),
        ]),
      };
  }
}

/**
 * The results as CSV in `language` (the reader's): the table above with the language's separator
 * and decimals with its decimal mark.
 */
export function resultsCsv(poll: Poll, results: PollResults, language: Language): string {
  const { columns, rows } = resultsTable(poll, results, language);
  const decimal = (value: number) => (Number.isInteger(value) ? value : formatNumber(value, language, { grouping: false }));
  return toCsvFor(language, [
    columns.map((c) => c.header),
    ...rows.map((row) => row.map((value) => (typeof value === 'number' ? decimal(value) : (value ?? '')))),
  ]);
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The bars a chart shows: votes, points, Borda points (ranked) or "yes" answers (meeting time). */
function chartRows(poll: Poll, results: PollResults, language: Language): { label: string; value: number; text: string }[] {
  const t = translatorFor(language);
  const label = labelOf(poll);
  switch (results.kind) {
    case 'proposal':
      return ANSWERS.filter((a) => a !== 'block' || poll.settings.allowBlock).map((a) => ({
        label: t(`poll.answers.${a}`),
        value: results.counts[a],
        text: String(results.counts[a]),
      }));
    case 'single':
    case 'multiple':
    case 'dot':
    case 'score':
      return results.totals.map((x) => ({ label: label(x.option), value: x.total, text: String(x.total) }));
    case 'ranked':
      return results.borda.map((b) => ({ label: label(b.option), value: b.total, text: t('poll.chartBorda', { count: b.total }) }));
    case 'meeting-time':
      return results.times.map((x) => ({ label: label(x.option), value: x.yes, text: t('poll.chartTimes', { yes: x.yes, maybe: x.maybe }) }));
  }
}

/**
 * The results as a chart image (SVG, readable by any browser or office suite): one labelled bar per
 * option with its number written beside it, the question as title.
 */
export function resultsSvg(poll: Poll, results: PollResults, language: Language): string {
  const rows = chartRows(poll, results, language);
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
