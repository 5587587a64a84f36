import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ACTION_PLAN_DOC, ACTION_STATUSES, ActionPlanShape, actionYear, type City } from '@dialogo/shared';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.tsx';
import { UndoButtons, UndoNotice } from '../../components/UndoControls.tsx';
import { useDocUndo } from '../../lib/use-doc-undo.ts';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { useCollabSession, useConnectionStatus } from '../../lib/use-collab-session.ts';
import type { CollabSession } from '../../lib/collab-provider.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { csvUrl, exportUrl, fetchCities, fetchPlanPermissions, icsUrl, planKeys, scheduleRowAsMeeting } from './api.ts';
import { PublishPanel } from '../publishing/PublishPanel.tsx';
import { PlanExports } from './components/PlanExports.tsx';
import { PlanTable, type ScheduleError } from './components/PlanTable.tsx';
import { useActionPlan } from './hooks/use-action-plan.ts';

/** No cities (yet): the place column and the city filter show ids and nothing to pick. */
const NO_CITIES: City[] = [];

/** `/action-plan`: the network's plan of events, one table co-edited live. */
export function ActionPlanPage() {
  const { t } = useTranslation('actionPlan');
  usePageTitle(t('title'));
  const session = useCollabSession(ACTION_PLAN_DOC);
  const permissionsQuery = useQuery({ queryKey: planKeys.permissions, queryFn: ({ signal }) => fetchPlanPermissions(signal) });
  const citiesQuery = useQuery({ queryKey: planKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  // Shown together, as before: the plan waits for both.
  const ready = !!permissionsQuery.data && !!citiesQuery.data;
  const permissions = ready ? (permissionsQuery.data ?? null) : null;
  const cities = citiesQuery.data ?? NO_CITIES;
  const failed = permissionsQuery.error ?? citiesQuery.error;
  const error: ClientErrorCode | null = failed ? errorCode(failed) : null;

  return (
    <div className="page page--wide">
      <section className="card" aria-labelledby="plan-heading">
        <header className="editor-card__header">
          <h1 id="plan-heading">{t('title')}</h1>
          {session && <SessionStatus session={session} />}
        </header>
        <p className="muted">{t('intro')}</p>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        {session && permissions && <Plan session={session} cities={cities} readOnly={!permissions.edit} canSchedule={permissions.manage} />}
        {(!session || (!permissions && !error)) && (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
      </section>
      {permissions?.manage && <PublishPanel name={ACTION_PLAN_DOC} />}
    </div>
  );
}

function SessionStatus({ session }: { session: CollabSession }) {
  return <ConnectionIndicator status={useConnectionStatus(session)} />;
}

/** The plan's table; `canSchedule`: the reader may turn a row into a meeting (the server's `manage` on the plan). */
function Plan({ session, cities, readOnly, canSchedule }: { session: CollabSession; cities: City[]; readOnly: boolean; canSchedule: boolean }) {
  const { t } = useTranslation('actionPlan');
  const { rows, setCell, cells, addRow, moveRow, removeRow } = useActionPlan(session.doc);
  const text = useMemo(() => ({ cells, awareness: session.provider.awareness }), [cells, session]);
  const history = useDocUndo(session.doc, (doc) => [doc.getMap(ActionPlanShape.rows)], { readOnly });
  const [filters, setFilters] = useState({ year: '', status: '', city: '' });
  const [announcement, setAnnouncement] = useState('');
  const focusNew = useRef<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const [scheduling, setScheduling] = useState<string | null>(null);
  const [scheduleErrors, setScheduleErrors] = useState<Record<string, ScheduleError>>({});

  const handleSchedule = async (id: string) => {
    setScheduling(id);
    setScheduleErrors(({ [id]: _, ...rest }) => rest);
    try {
      await scheduleRowAsMeeting(id);
      setAnnouncement(t('scheduled'));
    } catch (err) {
      const fields = err instanceof ApiRequestError ? err.fields : {};
      const reason: ScheduleError =
        fields.date === 'day-required' ? 'dayRequired' : fields.event === 'required' ? 'eventRequired' : fields.meeting ? 'alreadyScheduled' : 'failed';
      setScheduleErrors((e) => ({ ...e, [id]: reason }));
    } finally {
      setScheduling(null);
    }
  };

  const years = useMemo(() => [...new Set(rows.map(actionYear).filter((y): y is number => y !== null))].sort(), [rows]);
  const shown = rows.filter(
    (row) =>
      (!filters.year || actionYear(row) === Number(filters.year)) &&
      (!filters.status || row.status === filters.status) &&
      (!filters.city || (row.placeKind === 'city' && row.place === filters.city)),
  );
  const filtering = shown.length !== rows.length;

  useEffect(() => {
    if (!focusNew.current) return;
    const index = shown.findIndex((row) => row.id === focusNew.current);
    if (index < 0) return;
    focusNew.current = null;
    tableRef.current?.querySelector<HTMLElement>(`[data-row="${index}"][data-col="event"] textarea`)?.focus();
  });

  const handleAdd = () => {
    setFilters({ year: '', status: '', city: '' }); // a new row has no date or status filter to match
    focusNew.current = addRow();
    setAnnouncement(t('added'));
  };

  const filter = (key: keyof typeof filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <>
      <form className="plan-filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label={t('filters.year')}
          value={filters.year}
          onChange={filter('year')}
          options={years.map((y) => [String(y), String(y)])}
          all={t('filters.all')}
        />
        <FilterSelect
          label={t('filters.status')}
          value={filters.status}
          onChange={filter('status')}
          options={ACTION_STATUSES.map((s) => [s, t(`statuses.${s}`)])}
          all={t('filters.all')}
        />
        <FilterSelect
          label={t('filters.city')}
          value={filters.city}
          onChange={filter('city')}
          options={cities.map((c) => [c.id, c.name])}
          all={t('filters.all')}
        />
        <a className="button" href={csvUrl(filters)} download>
          {t('exportCsv')}
        </a>
        <a className="button" href={exportUrl('xlsx', filters)} download data-testid="plan-export-xlsx">
          {t('exportXlsx')}
        </a>
        <a className="button" href={icsUrl(filters)} download>
          {t('exportIcs')}
        </a>
      </form>
      <p className="muted" role="status" data-testid="plan-count">
        {filtering ? t('countFiltered', { shown: shown.length, count: rows.length }) : t('count', { count: rows.length })}
      </p>
      {!readOnly && <p className="field__hint">{t('keyboardHint')}</p>}
      {readOnly && <p className="notice">{t('readOnly')}</p>}
      {!readOnly && <UndoButtons undo={history} label={t('history')} />}
      <div ref={tableRef}>
        <PlanTable
          rows={shown}
          cities={cities}
          readOnly={readOnly}
          canMove={!filtering}
          onCell={setCell}
          text={text}
          onMove={(id, direction) => {
            moveRow(id, direction);
            setAnnouncement(t(direction < 0 ? 'movedUp' : 'movedDown'));
          }}
          {...(canSchedule ? { onSchedule: (id: string) => void handleSchedule(id), scheduling, scheduleErrors } : {})}
          onRemove={(id) => {
            const index = shown.findIndex((row) => row.id === id);
            const name = shown[index]?.event.trim() || t('untitled', { n: index + 1 });
            history.deleted(t('removed', { name }), () => removeRow(id));
          }}
        />
      </div>
      {!readOnly && (
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={handleAdd}>
            {t('add')}
          </button>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <UndoNotice undo={history} />
      <PlanExports filters={filters} filtering={filtering} />
    </>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  options,
  all,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  options: [string, string][];
  all: string;
}) {
  return (
    <label className="plan-filters__field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
