import { useTranslation } from 'react-i18next';
import { CollabTextInput, type TextRows } from '../../../components/CollabTextInput.tsx';
import type { TimelineRow } from '@dialogo/shared';
import { TableScroll } from '../../../components/TableScroll.tsx';

/** Props of {@link TimelineTable}. */
export interface TimelineTableProps {
  rows: TimelineRow[];
  months: number;
  cities: string[];
  cityName(id: string): string;
  readOnly: boolean;
  /** Sets a number or a choice whole; the text cells are bound to the document through `text`. */
  onCell(id: string, key: string, value: unknown): void;
  text: TextRows;
  onAdd(start: number): string;
  onRemove(id: string): void;
}

/**
 * The activities as a simple Gantt chart: one row per activity with its city and its start and
 * end months, and one column per month of the project, filled while the activity runs.
 */
export function TimelineTable({ rows, months, cities, cityName, readOnly, onCell, text, onAdd, onRemove }: TimelineTableProps) {
  const { t } = useTranslation('proposals');
  const span = Math.min(60, Math.max(months, ...rows.map((r) => r.end)));
  const monthNumber = (value: string) => Math.min(120, Math.max(1, Math.trunc(Number(value)) || 1));

  return (
    <div>
      <TableScroll label={t('timeline.title')}>
        <table className="plan-table proposal-gantt" data-testid="timeline">
          <caption className="visually-hidden">{t('timeline.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeline.activity')}</th>
              <th scope="col">{t('timeline.city')}</th>
              <th scope="col">{t('timeline.start')}</th>
              <th scope="col">{t('timeline.end')}</th>
              {Array.from({ length: span }, (_, i) => (
                <th key={i} scope="col" className="proposal-gantt__month">
                  <span aria-hidden="true">{i + 1}</span>
                  <span className="visually-hidden">{t('timeline.month', { n: i + 1 })}</span>
                </th>
              ))}
              {!readOnly && (
                <th scope="col">
                  <span className="visually-hidden">{t('budget.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={span + 5} className="muted">
                  {t('timeline.empty')}
                </td>
              </tr>
            )}
            {rows.map((row, i) => {
              const label = (column: string) => `${column} — ${row.activity.trim() || t('timeline.row', { n: i + 1 })}`;
              return (
                <tr key={row.id} data-testid="timeline-row">
                  <td>
                    <CollabTextInput
                      cells={text.cells(row.id)}
                      field="activity"
                      awareness={text.awareness}
                      presenceKey={`${row.id}:activity`}
                      readOnly={readOnly}
                      aria-label={label(t('timeline.activity'))}
                    />
                  </td>
                  <td>
                    <select
                      value={row.city}
                      disabled={readOnly}
                      aria-label={label(t('timeline.city'))}
                      onChange={(e) => onCell(row.id, 'city', e.target.value)}
                    >
                      <option value="">—</option>
                      {cities.map((c) => (
                        <option key={c} value={c}>
                          {cityName(c)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="number"
                      data-doc-undo
                      min={1}
                      max={120}
                      className="proposal-gantt__number"
                      value={row.start}
                      readOnly={readOnly}
                      aria-label={label(t('timeline.start'))}
                      onChange={(e) => onCell(row.id, 'start', monthNumber(e.target.value))}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      data-doc-undo
                      min={1}
                      max={120}
                      className="proposal-gantt__number"
                      value={row.end}
                      readOnly={readOnly}
                      aria-label={label(t('timeline.end'))}
                      aria-invalid={row.end < row.start ? true : undefined}
                      title={row.end < row.start ? t('timeline.endBeforeStart') : undefined}
                      onChange={(e) => onCell(row.id, 'end', monthNumber(e.target.value))}
                    />
                  </td>
                  {Array.from({ length: span }, (_, m) => {
                    const on = m + 1 >= row.start && m + 1 <= row.end;
                    return (
                      <td key={m} className={on ? 'proposal-gantt__on' : 'proposal-gantt__off'}>
                        {on && <span className="visually-hidden">{t('timeline.active')}</span>}
                      </td>
                    );
                  })}
                  {!readOnly && (
                    <td>
                      <button type="button" className="button button--small" onClick={() => onRemove(row.id)}>
                        <span aria-hidden="true">✕</span>
                        <span className="visually-hidden">{t('timeline.remove', { n: i + 1 })}</span>
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {!readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            onAdd(Math.max(1, ...rows.map((r) => r.end)));
            requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="timeline-row"]:last-child input')?.focus());
          }}
        >
          {t('timeline.add')}
        </button>
      )}
    </div>
  );
}
