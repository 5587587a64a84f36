import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ACTION_DATE, ACTION_STATUSES, PLACE_KINDS, type ActionPlanRow, type City } from '@dialogo/shared';
import type { EditableCell } from '../hooks/use-action-plan.ts';
import { CollabTextInput, type TextRows } from '../../../components/CollabTextInput.tsx';
import { TableScroll } from '../../../components/TableScroll.tsx';

export interface PlanTableProps {
  rows: ActionPlanRow[];
  cities: City[];
  readOnly: boolean;
  /** Rows hidden by the filters cannot be moved past: moving works on the full order. */
  canMove: boolean;
  /** Sets a choice or a date whole; the text cells are bound to the document through `text`. */
  onCell(id: string, column: EditableCell, value: string): void;
  text: TextRows;
  onMove(id: string, direction: -1 | 1): void;
  onRemove(id: string): void;
  /** Coordinators turn a row into a meeting; absent for everyone else. */
  onSchedule?(id: string): void;
  /** A row being scheduled, and the field error of a failed attempt (by row id). */
  scheduling?: string | null;
  scheduleErrors?: Readonly<Record<string, ScheduleError>>;
}

/** Why a row could not be scheduled (a key of `scheduleErrors.*`). */
export type ScheduleError = 'dayRequired' | 'eventRequired' | 'alreadyScheduled' | 'failed';

/** The columns a person tabs through, in order (their `data-col`). */
const TEXT_COLUMNS = ['event', 'experts', 'support', 'notes'] as const;

/**
 * The plan as a real table: one labelled control per cell. Tab walks the cells; ↑ and ↓ move to
 * the same cell of the row above or below; Alt+↑ and Alt+↓ move the row itself.
 */
export function PlanTable({ rows, cities, readOnly, canMove, onCell, text, onMove, onRemove, onSchedule, scheduling, scheduleErrors = {} }: PlanTableProps) {
  const { t } = useTranslation('actionPlan');

  const handleKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const target = event.target as HTMLElement;
    const cell = target.closest<HTMLElement>('[data-row]');
    if (!cell || target.tagName === 'SELECT') return; // a select's arrows choose its options
    const rowIndex = Number(cell.dataset.row);
    const direction = event.key === 'ArrowUp' ? -1 : 1;
    event.preventDefault();
    if (event.altKey) {
      if (!canMove || readOnly) return;
      const row = rows[rowIndex];
      if (row) onMove(row.id, direction);
      // Keep the focus on the moved row's cell once React re-renders.
      // `currentTarget` is gone once the event is handled: keep the table body for the next frame.
      const body = event.currentTarget;
      requestAnimationFrame(() => focusCell(body, rowIndex + direction, cell.dataset.col));
      return;
    }
    focusCell(event.currentTarget, rowIndex + direction, cell.dataset.col);
  };

  return (
    <TableScroll label={t('caption')}>
      <table className="plan-table">
        <caption className="visually-hidden">{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('columns.event')}</th>
            <th scope="col">{t('columns.date')}</th>
            <th scope="col">{t('columns.place')}</th>
            <th scope="col">{t('columns.experts')}</th>
            <th scope="col">{t('columns.support')}</th>
            <th scope="col">{t('columns.notes')}</th>
            <th scope="col">{t('columns.status')}</th>
            <th scope="col">{t('columns.meeting')}</th>
            {!readOnly && <th scope="col">{t('columns.actions')}</th>}
          </tr>
        </thead>
        <tbody onKeyDown={handleKeyDown}>
          {rows.map((row, index) => {
            const name = row.event.trim() || t('untitled', { n: index + 1 });
            const label = (column: string) => `${column} — ${name}`;
            return (
              <tr key={row.id} data-testid="plan-row" data-status={row.status}>
                <td data-row={index} data-col="event">
                  <CollabTextInput
                    multiline
                    cells={text.cells(row.id)}
                    field="event"
                    awareness={text.awareness}
                    presenceKey={`${row.id}:event`}
                    className="plan-table__text plan-table__text--event"
                    rows={2}
                    readOnly={readOnly}
                    aria-label={label(t('columns.event'))}
                  />
                  {row.sourceKind && (
                    <Link
                      className="plan-table__source"
                      href={row.sourceKind === 'poll' ? `/polls/${row.sourceId}` : `/meetings/${row.sourceId}`}
                      data-testid="plan-row-source"
                    >
                      {t(row.sourceKind === 'poll' ? 'source.poll' : 'source.minutes')}
                    </Link>
                  )}
                </td>
                <td data-row={index} data-col="date">
                  <DateCell value={row.date} label={label(t('columns.date'))} readOnly={readOnly} onChange={(v) => onCell(row.id, 'date', v)} />
                </td>
                <td data-row={index} data-col="place">
                  <div className="plan-table__place">
                    <select
                      value={row.placeKind}
                      disabled={readOnly}
                      aria-label={label(t('columns.placeKind'))}
                      onChange={(e) => {
                        onCell(row.id, 'placeKind', e.target.value);
                        onCell(row.id, 'place', '');
                      }}
                    >
                      {PLACE_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`placeKinds.${kind}`)}
                        </option>
                      ))}
                    </select>
                    {row.placeKind === 'city' && (
                      <select
                        value={row.place}
                        disabled={readOnly}
                        aria-label={label(t('columns.city'))}
                        onChange={(e) => onCell(row.id, 'place', e.target.value)}
                      >
                        <option value="">{t('chooseCity')}</option>
                        {cities.map((city) => (
                          <option key={city.id} value={city.id}>
                            {city.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {row.placeKind === 'other' && (
                      <CollabTextInput
                        cells={text.cells(row.id)}
                        field="place"
                        awareness={text.awareness}
                        presenceKey={`${row.id}:place`}
                        readOnly={readOnly}
                        aria-label={label(t('columns.place'))}
                      />
                    )}
                  </div>
                </td>
                {TEXT_COLUMNS.slice(1).map((column) => (
                  <td key={column} data-row={index} data-col={column}>
                    <CollabTextInput
                      multiline
                      cells={text.cells(row.id)}
                      field={column}
                      awareness={text.awareness}
                      presenceKey={`${row.id}:${column}`}
                      className="plan-table__text"
                      rows={2}
                      readOnly={readOnly}
                      aria-label={label(t(`columns.${column}`))}
                    />
                  </td>
                ))}
                <td data-row={index} data-col="status">
                  <select
                    value={row.status}
                    disabled={readOnly}
                    aria-label={label(t('columns.status'))}
                    onChange={(e) => onCell(row.id, 'status', e.target.value)}
                  >
                    {ACTION_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {t(`statuses.${status}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-row={index} data-col="meeting">
                  {row.meetingId ? (
                    <Link href={`/meetings/${row.meetingId}`} data-testid="plan-row-meeting">
                      {t('openMeeting', { name })}
                    </Link>
                  ) : onSchedule ? (
                    <ScheduleCell rowId={row.id} name={name} busy={scheduling === row.id} error={scheduleErrors[row.id]} onSchedule={onSchedule} />
                  ) : (
                    <span className="muted">{t('noMeeting')}</span>
                  )}
                </td>
                {!readOnly && (
                  <td data-row={index} data-col="actions" className="plan-table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={!canMove || index === 0}
                      onClick={() => onMove(row.id, -1)}
                      aria-label={t('moveUp', { name })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={!canMove || index === rows.length - 1}
                      onClick={() => onMove(row.id, 1)}
                      aria-label={t('moveDown', { name })}
                    >
                      ↓
                    </button>
                    <button type="button" className="button button--small" onClick={() => onRemove(row.id)} aria-label={t('remove', { name })}>
                      ✕
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function focusCell(body: HTMLElement, row: number, column: string | undefined): void {
  const cell = body.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${column ?? ''}"]`);
  cell?.querySelector<HTMLElement>('textarea, input, select, button')?.focus();
}

/** A day or a month, typed as `2020-06-18` or `2020-06`; only a valid (or empty) date is saved. */
function DateCell({ value, label, readOnly, onChange }: { value: string; label: string; readOnly: boolean; onChange(value: string): void }) {
  const { t } = useTranslation('actionPlan');
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? value;
  const invalid = draft !== null && !ACTION_DATE.test(draft.trim());
  const errorId = `date-error-${label.replace(/\W+/g, '-')}`;
  return (
    <>
      <input
        type="text"
        inputMode="numeric"
        className="plan-table__date"
        value={shown}
        readOnly={readOnly}
        placeholder={t('datePlaceholder')}
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (ACTION_DATE.test(next.trim())) onChange(next.trim());
        }}
        onBlur={() => {
          if (!invalid) setDraft(null);
        }}
      />
      {invalid && (
        <p id={errorId} className="field__error">
          {t('dateInvalid')}
        </p>
      )}
    </>
  );
}

/** The coordinator's "schedule as a meeting" button of one row, with its error under it. */
function ScheduleCell({
  rowId,
  name,
  busy,
  error,
  onSchedule,
}: {
  rowId: string;
  name: string;
  busy: boolean;
  error: ScheduleError | undefined;
  onSchedule(id: string): void;
}) {
  const { t } = useTranslation('actionPlan');
  const errorId = `schedule-error-${rowId}`;
  return (
    <>
      <button type="button" className="button button--small" disabled={busy} aria-describedby={error ? errorId : undefined} onClick={() => onSchedule(rowId)}>
        {t('schedule', { name })}
      </button>
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {t(`scheduleErrors.${error}`)}
        </p>
      )}
    </>
  );
}
