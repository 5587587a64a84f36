import { useTranslation } from 'react-i18next';
import type { OptionTotal, Poll, PollResults } from '@dialogo/shared';
import { TableScroll } from '../../../components/TableScroll.tsx';

/** Props of {@link Results}. */
export interface ResultsProps {
  poll: Poll;
  results: PollResults;
}

/**
 * The results of a poll, by kind: bars for choices, scores and points; round by round for ranked
 * choice; a grid for meeting times. Every number is text in the markup (the bars only repeat it).
 */
export function Results({ poll, results }: ResultsProps) {
  const { t, i18n } = useTranslation('polls');
  const label = labelOf(poll);
  // Decimals as the reader writes them ("4,5" in Italian), like every other number.
  const decimal = (value: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(value);
  if (results.ballots === 0) return <p className="muted">{t('results.none')}</p>;
  switch (results.kind) {
    case 'proposal': {
      const answers = (['agree', 'disagree', 'abstain', 'block'] as const).filter((a) => a !== 'block' || poll.settings.allowBlock);
      return (
        <>
          <p data-testid="poll-outcome">
            <strong>{t('results.outcomeLabel', { outcome: t(`results.outcome.${results.outcome}`) })}</strong>
          </p>
          <Bars
            rows={answers.map((a) => ({
              key: a,
              label: t(`ballot.answer.${a}`),
              value: results.counts[a],
              text: t('results.votes', { count: results.counts[a] }),
            }))}
            max={results.ballots}
          />
        </>
      );
    }
    case 'single':
    case 'multiple':
      return <Bars rows={totals(results.totals, label, (n) => t('results.votes', { count: n }))} max={results.ballots} winners={results.winners} />;
    case 'dot':
      return <Bars rows={totals(results.totals, label, (n) => t('results.points', { count: n }))} winners={results.winners} />;
    case 'score':
      return (
        <Bars
          rows={results.totals.map((x) => ({
            key: x.option,
            label: label(x.option),
            value: x.total,
            text: `${t('results.points', { count: x.total })} · ${t('results.average', { average: decimal(x.average) })}`,
          }))}
          winners={results.winners}
        />
      );
    case 'meeting-time':
      return (
        <TableScroll label={t('results.title')}>
          <table className="poll-grid" data-testid="poll-results-grid">
            <thead>
              <tr>
                <th scope="col">{t('ballot.time')}</th>
                {(['yes', 'maybe', 'no'] as const).map((a) => (
                  <th scope="col" key={a}>
                    {t(`ballot.availability.${a}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.times.map((time) => (
                <tr key={time.option} data-winner={results.winners.includes(time.option) || undefined}>
                  <th scope="row">{label(time.option)}</th>
                  <td>{time.yes}</td>
                  <td>{time.maybe}</td>
                  <td>{time.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      );
    case 'ranked':
      return <RankedResults poll={poll} results={results} />;
  }
}

function RankedResults({ poll, results }: { poll: Poll; results: Extract<PollResults, { kind: 'ranked' }> }) {
  const { t } = useTranslation('polls');
  const label = labelOf(poll);
  const names = (ids: string[]) => (ids.length > 1 ? t('results.tie', { names: ids.map(label).join(', ') }) : label(ids[0]!));
  return (
    <>
      <p data-testid="poll-winner">
        <strong>{results.winners.length > 0 ? t('results.winner', { name: names(results.winners) }) : t('results.noWinner')}</strong>
      </p>
      <h3>{t('results.rounds')}</h3>
      <TableScroll label={t('results.rounds')}>
        <table className="poll-grid" data-testid="poll-rounds">
          <thead>
            <tr>
              <th scope="col">{t('results.option')}</th>
              {results.rounds.map((_, i) => (
                <th scope="col" key={i}>
                  {t('results.round', { n: i + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {poll.options.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.label}</th>
                {results.rounds.map((round, i) => {
                  const tally = round.tallies.find((x) => x.option === o.id);
                  return (
                    <td key={i}>
                      {tally ? tally.total : '—'}
                      {round.eliminated === o.id && (
                        <span className="poll-grid__note">
                          {' '}
                          ({t('results.eliminated')}
                          {round.tieBreak ? `; ${t(`results.tieBreak.${round.tieBreak}`)}` : ''})
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('results.exhausted')}</th>
              {results.rounds.map((round, i) => (
                <td key={i}>{round.exhausted}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <h3>{t('results.borda')}</h3>
      {results.bordaWinners.length > 0 && <p>{t('results.bordaWinner', { name: names(results.bordaWinners) })}</p>}
      <Bars rows={totals(results.borda, label, (n) => t('results.points', { count: n }))} winners={results.bordaWinners} />
    </>
  );
}

interface BarRow {
  key: string;
  label: string;
  value: number;
  text: string;
}

function totals(list: OptionTotal[], label: (id: string) => string, text: (n: number) => string): BarRow[] {
  return list.map((x) => ({ key: x.option, label: label(x.option), value: x.total, text: text(x.total) }));
}

/** A list of labelled bars; the number is in the text, the bar is decoration. */
function Bars({ rows, max, winners = [] }: { rows: BarRow[]; max?: number; winners?: string[] }) {
  const top = Math.max(1, max ?? 0, ...rows.map((r) => r.value));
  return (
    <ul className="poll-bars" data-testid="poll-bars">
      {rows.map((row) => (
        <li key={row.key} className="poll-bars__row" data-winner={winners.includes(row.key) || undefined} data-option={row.key}>
          <span className="poll-bars__label">{row.label}</span>
          <span className="poll-bars__value">{row.text}</span>
          <span className="poll-bars__track" aria-hidden="true">
            <span className="poll-bars__fill" style={{ width: `${(row.value / top) * 100}%` }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The label of an option id. */
export function labelOf(poll: Poll): (id: string) => string {
  const labels = new Map(poll.options.map((o) => [o.id, o.label]));
  return (id) => labels.get(id) ?? id;
}
