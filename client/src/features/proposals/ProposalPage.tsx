import { Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { budgetTotals, ErrorCode, proposalCities, ProposalShape, sectionField, type City, type Funder, type Me, type ProposalStatus } from '@dialogo/shared';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.tsx';
import { UndoButtons, UndoNotice } from '../../components/UndoControls.tsx';
import { useDocUndo } from '../../lib/use-doc-undo.ts';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import type { CollabSession } from '../../lib/collab-provider.ts';
import { useCollabSession, useConnectionStatus } from '../../lib/use-collab-session.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import {
  exportUrls,
  fetchCities,
  fetchProposal,
  fetchProposalCatalog,
  moveProposal,
  proposalKeys,
  updateProposal,
  type ProposalWithPermissions,
} from './api.ts';
import { DetailsForm } from './components/DetailsForm.tsx';
import { BudgetTables } from './components/BudgetTables.tsx';
import { Outline, useCountLabel } from './components/Outline.tsx';
import { StatusControl } from './components/StatusControl.tsx';
import { TimelineTable } from './components/TimelineTable.tsx';
import { formatDay, timeLeft } from './format.ts';
import { useProposalDoc } from './hooks/use-proposal-doc.ts';

/** What the page needs to show a rich-text editor bound to one section (the app passes the editor). */
export interface SectionEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  field: string;
  label: string;
  readOnly: boolean;
  editorId: string;
  /** Hands the section's editor to the page (its comments anchor to the selection in it). */
  onEditor(editor: Editor | null): void;
  /** The funder's limit of the section, when it has one. */
  limit?: { max: number; unit: 'words' | 'characters' };
}

/** What the page needs to show the comment threads of one section (the app passes the panel). */
export interface SectionCommentsProps {
  /** The proposal's document, `proposal:<id>`. */
  name: string;
  section: string;
  /** The open section's editor, null while it loads. */
  editor: Editor | null;
  canComment: boolean;
}

/** Props of {@link ProposalPage}. */
export interface ProposalPageProps {
  id: string;
  me: Me;
  renderEditor(props: SectionEditorProps): ReactNode;
  renderComments(props: SectionCommentsProps): ReactNode;
  renderHistory(name: string, doc: Y.Doc, canEdit: boolean): ReactNode;
}

declare global {
  interface Window {
    /** The open proposal's Y.Doc, for the browser tests. */
    __dialogoProposal?: Y.Doc;
  }
}

/** Nothing listed (yet): one list each, so renders compare equal. */
const NO_FUNDERS: Funder[] = [];
const NO_CITIES: City[] = [];

/** Statuses in which the server keeps the proposal read-only for everyone (sent to the funder, or decided). */
const LOCKED: readonly ProposalStatus[] = ['submitted', 'funded', 'rejected'];

/**
 * `/proposals/:id`: the proposal studio. Details and status on top, then the outline with the
 * section being written, the budget per partner with its live totals, the timeline, exports and
 * the version history. Everything below the details is one shared document, edited live.
 */
export function ProposalPage({ id, me, renderEditor, renderComments, renderHistory }: ProposalPageProps) {
  const { t, i18n } = useTranslation('proposals');
  const queryClient = useQueryClient();
  const proposalQuery = useQuery({ queryKey: proposalKeys.proposal(id), queryFn: ({ signal }) => fetchProposal(id, signal) });
  const catalogQuery = useQuery({ queryKey: proposalKeys.catalog, queryFn: ({ signal }) => fetchProposalCatalog(signal) });
  const citiesQuery = useQuery({ queryKey: proposalKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  // The page shows once the three answers are there, as one load.
  const loaded = proposalQuery.data && catalogQuery.data && citiesQuery.data ? proposalQuery.data : null;
  const funders = catalogQuery.data?.funders ?? NO_FUNDERS;
  const cities = citiesQuery.data ?? NO_CITIES;
  /** The proposal as the server answered it after a change. */
  const setLoaded = (next: ProposalWithPermissions) => queryClient.setQueryData(proposalKeys.proposal(id), next);
  // A failed re-read (after someone else's change) keeps the page as it is; only a failed load shows.
  const failed = (proposalQuery.data ? null : proposalQuery.error) ?? catalogQuery.error ?? citiesQuery.error;
  const error: ClientErrorCode | null = failed ? errorCode(failed) : null;
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState('');
  usePageTitle(loaded?.proposal.title ?? t('page.loading'));

  const session = useCollabSession(loaded ? loaded.proposal.name : null);
  useEffect(() => {
    if (!session) return;
    window.__dialogoProposal = session.doc;
    return () => {
      if (window.__dialogoProposal === session.doc) delete window.__dialogoProposal;
    };
  }, [session]);

  // Someone changed the record (status, partners, deadline): every open page reloads it.
  useEffect(() => {
    if (!session) return;
    const record = session.doc.getMap(ProposalShape.record);
    const handle = (_event: unknown, transaction: { local: boolean }) => {
      if (transaction.local) return;
      void queryClient.invalidateQueries({ queryKey: proposalKeys.proposal(id) });
    };
    record.observe(handle);
    return () => record.unobserve(handle);
  }, [session, id, queryClient]);
  const announceChange = () => session?.doc.getMap(ProposalShape.record).set('changedAt', new Date().toISOString());
  // The server never widens an open connection's access: when the proposal is reopened (edit
  // regained), connect again so what is typed from now on is taken (and the announcement sent).
  const canEdit = loaded?.permissions.edit ?? null;
  const editBefore = useRef(canEdit);
  useEffect(() => {
    const before = editBefore.current;
    editBefore.current = canEdit;
    if (!session || before !== false || canEdit !== true) return;
    session.provider.disconnect();
    session.provider.connect();
  }, [session, canEdit]);

  const cityName = (cityId: string) => cities.find((c) => c.id === cityId)?.name ?? cityId;

  if (error) {
    return (
      <div className="page">
        <div className="card" role="alert">
          <h1>{t(`errors.${error === ErrorCode.notFound ? 'not_found' : error}`, { ns: 'translation' })}</h1>
          <Link href="/">{t('page.back')}</Link>
        </div>
      </div>
    );
  }
  if (!loaded) {
    return (
      <p className="page muted" role="status">
        {t('page.loading')}
      </p>
    );
  }
  const { proposal, permissions } = loaded;
  const left = timeLeft(proposal.deadline);
  const urls = exportUrls(proposal.id, i18n.language);
  const handleMove = async (status: ProposalStatus) => {
    setLoaded(await moveProposal(proposal.id, status));
    announceChange();
  };
  const handleSave = async (change: Parameters<typeof updateProposal>[1]) => {
    setLoaded(await updateProposal(proposal.id, change));
    announceChange();
    setEditing(false);
    setSaved(t('details.saved'));
    requestAnimationFrame(() => document.getElementById('edit-details')?.focus());
  };

  return (
    <div className="page page--wide proposal-page">
      <nav className="breadcrumb">
        <Link href="/">
          <span aria-hidden="true">← </span>
          {t('page.back')}
        </Link>
      </nav>
      <article className="card" aria-labelledby="proposal-title">
        <header className="editor-card__header">
          <h1 id="proposal-title" className="editor-card__title">
            {proposal.title}
          </h1>
          {session && <SessionStatus session={session} />}
        </header>
        {!permissions.edit && (
          <p className="notice" data-testid="read-only-notice">
            {LOCKED.includes(proposal.status)
              ? t(proposal.status !== 'submitted' ? 'page.lockedDecided' : permissions.manage ? 'page.lockedReopen' : 'page.locked', {
                  status: t(`status.${proposal.status}`),
                })
              : t('page.readOnly')}
          </p>
        )}
        <dl className="proposal-details">
          <div>
            <dt>{t('page.funder')}</dt>
            <dd>{funders.find((f) => f.id === proposal.funderId)?.name ?? proposal.funderId}</dd>
          </div>
          {proposal.call && (
            <div>
              <dt>{t('page.call')}</dt>
              <dd>{proposal.call}</dd>
            </div>
          )}
          <div>
            <dt>{t('deadline.label')}</dt>
            <dd>
              <time dateTime={proposal.deadline}>{formatDay(proposal.deadline, i18n.language)}</time>{' '}
              <strong data-testid="time-left">({t(left.key, { count: left.count })})</strong>
            </dd>
          </div>
          <div>
            <dt>{t('page.lead')}</dt>
            <dd>
              {cityName(proposal.leadCityId)} — {proposal.leadRole || t('page.noRole')}
            </dd>
          </div>
          <div>
            <dt>{t('page.partners')}</dt>
            <dd>
              <ul className="proposal-partners">
                {proposal.partners.map((p) => (
                  <li key={p.cityId}>
                    {cityName(p.cityId)} — {p.role || t('page.noRole')}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('visibility.label')}</dt>
            <dd>{t(`visibility.${proposal.visibility}`)}</dd>
          </div>
        </dl>
        <StatusControl status={proposal.status} canManage={permissions.manage} onMove={handleMove} />
        {permissions.manage && !editing && (
          <button type="button" id="edit-details" className="button" onClick={() => setEditing(true)}>
            {t('details.edit')}
          </button>
        )}
        <p role="status" className="visually-hidden">
          {saved}
        </p>
        {editing && (
          <DetailsForm
            proposal={proposal}
            cities={cities}
            onSave={handleSave}
            onCancel={() => {
              setEditing(false);
              requestAnimationFrame(() => document.getElementById('edit-details')?.focus());
            }}
          />
        )}
        <nav aria-label={t('page.export')} className="proposal-exports">
          <h2 className="visually-hidden">{t('page.export')}</h2>
          <a className="button" href={urls.docx} download data-testid="export-docx">
            {t('page.docx')}
          </a>
          <a className="button" href={urls.pdf} download data-testid="export-pdf">
            {t('page.pdf')}
          </a>
          <a className="button" href={urls.markdown} download>
            {t('page.markdown')}
          </a>
          <a className="button" href={urls.print} target="_blank" rel="noopener">
            {t('page.print')} <span className="visually-hidden">{t('page.opensNewTab')}</span>
          </a>
        </nav>
      </article>
      {session ? (
        <Studio
          name={proposal.name}
          session={session}
          me={me}
          cities={proposalCities(proposal)}
          cityName={cityName}
          readOnly={!permissions.edit}
          rules={proposal.rules}
          months={proposal.durationMonths}
          renderEditor={renderEditor}
          renderComments={renderComments}
        />
      ) : (
        <p className="muted" role="status">
          {t('page.loading')}
        </p>
      )}
      {session && renderHistory(proposal.name, session.doc, permissions.edit)}
    </div>
  );
}

function SessionStatus({ session }: { session: CollabSession }) {
  return <ConnectionIndicator status={useConnectionStatus(session)} />;
}

interface StudioProps {
  name: string;
  session: CollabSession;
  me: Me;
  cities: string[];
  cityName(id: string): string;
  readOnly: boolean;
  rules: ProposalWithPermissions['proposal']['rules'];
  months: number;
  renderEditor(props: SectionEditorProps): ReactNode;
  renderComments(props: SectionCommentsProps): ReactNode;
}

/** The live part: outline and section editor with the section's comments, budget, timeline. */
function Studio({ name, session, me, cities, cityName, readOnly, rules, months, renderEditor, renderComments }: StudioProps) {
  const { t } = useTranslation('proposals');
  const live = useProposalDoc(session.doc);
  const lineText = useMemo(() => ({ cells: live.lineText, awareness: session.provider.awareness }), [live.lineText, session]);
  const activityText = useMemo(() => ({ cells: live.activityText, awareness: session.provider.awareness }), [live.activityText, session]);
  const totals = useMemo(() => budgetTotals(live.lines), [live.lines]);
  // This person's own changes to the outline's settings, the budget and the timeline (the sections'
  // text has the editor's own history).
  const history = useDocUndo(session.doc, (doc) => [doc.getMap(ProposalShape.sections), doc.getMap(ProposalShape.budget), doc.getMap(ProposalShape.timeline)], {
    readOnly,
  });
  const removeLine = (id: string) => {
    const line = live.lines.find((l) => l.id === id);
    if (!line) return;
    const n = live.lines.filter((l) => l.city === line.city).indexOf(line) + 1;
    history.deleted(t('budget.lineRemoved', { n, city: line.city ? cityName(line.city) : t('budget.otherCity') }), () => live.removeLine(id));
  };
  const removeActivity = (id: string) =>
    history.deleted(t('timeline.removed', { n: live.timeline.findIndex((r) => r.id === id) + 1 }), () => live.removeActivity(id));
  const myCity = me.person.cityId;
  // Open the person's own section first, else the first one.
  const [selected, setSelected] = useState<string | null>(null);
  const current = live.sections.find((s) => s.key === selected) ?? live.sections.find((s) => myCity && s.assignee === myCity) ?? live.sections[0];
  const countLabel = useCountLabel();
  const [editor, setEditor] = useState<Editor | null>(null);

  const handleSelect = (key: string) => {
    setSelected(key);
    requestAnimationFrame(() => document.getElementById('section-heading')?.focus());
  };

  return (
    <>
      {!readOnly && (
        <div className="proposal-history">
          <UndoButtons undo={history} label={t('history')} showLabel />
        </div>
      )}
      <section className="card proposal-sections" aria-labelledby="sections-heading">
        <h2 id="sections-heading">{t('outline.title')}</h2>
        <div className="proposal-sections__layout">
          <nav aria-labelledby="sections-heading">
            <Outline sections={live.sections} selected={current?.key ?? null} cityName={cityName} myCity={myCity} onSelect={handleSelect} />
          </nav>
          {current && (
            <section className="proposal-section" aria-labelledby="section-heading" data-testid="section-panel" data-section={current.key}>
              <h3 id="section-heading" tabIndex={-1}>
                {current.title}
              </h3>
              <div className="proposal-section__tools">
                <label>
                  {t('outline.assign')}{' '}
                  <select value={current.assignee} disabled={readOnly} onChange={(e) => live.setSection(current.key, 'assignee', e.target.value)}>
                    <option value="">{t('outline.nobody')}</option>
                    {cities.map((c) => (
                      <option key={c} value={c}>
                        {cityName(c)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={current.ready}
                    disabled={readOnly}
                    onChange={(e) => live.setSection(current.key, 'ready', e.target.checked)}
                  />{' '}
                  {t('outline.ready')}
                </label>
                <span className={current.over ? 'proposal-over' : 'muted'} data-testid="section-count" id="section-count">
                  {countLabel(current)}
                  {current.over ? ` — ${t('outline.over')}` : ''}
                </span>
              </div>
              <Suspense fallback={<p className="muted">{t('page.loading')}</p>}>
                {renderEditor({
                  doc: session.doc,
                  provider: session.provider,
                  field: sectionField(current.key),
                  label: t('outline.editorLabel', { title: current.title }),
                  readOnly,
                  editorId: 'section-editor',
                  onEditor: setEditor,
                  ...(current.limitMax !== undefined
                    ? { limit: { max: current.limitMax, unit: current.limitUnit === 'characters' ? 'characters' : 'words' } }
                    : {}),
                })}
              </Suspense>
              {renderComments({ name, section: current.key, editor, canComment: !readOnly })}
            </section>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="budget-heading">
        <h2 id="budget-heading">{t('budget.title')}</h2>
        <p className="muted">{t('budget.intro')}</p>
        <BudgetTables
          lines={live.lines}
          totals={totals}
          rules={rules}
          cities={cities}
          cityName={cityName}
          readOnly={readOnly}
          onCell={live.setLine}
          text={lineText}
          onAdd={live.addLine}
          onRemove={removeLine}
        />
      </section>
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline.title')}</h2>
        <p className="muted">{t('timeline.intro')}</p>
        <TimelineTable
          rows={live.timeline}
          months={months}
          cities={cities}
          cityName={cityName}
          readOnly={readOnly}
          onCell={live.setActivity}
          text={activityText}
          onAdd={live.addActivity}
          onRemove={removeActivity}
        />
      </section>
      <UndoNotice undo={history} />
    </>
  );
}
