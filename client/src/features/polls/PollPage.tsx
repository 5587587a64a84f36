import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Poll, PollView } from '@dialogo/shared';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import {
  ballotsCsvUrl,
  ballotsXlsxUrl,
  chartUrl,
  closePoll,
  fetchAgendaItems,
  openPoll,
  patchPoll,
  pollKeys,
  resultsCsvUrl,
  resultsXlsxUrl,
  type AgendaChoice,
} from './api.ts';
import { FollowUpButton } from '../action-plan/components/FollowUpButton.tsx';
import { BallotForm } from './components/BallotForm.tsx';
import { labelOf, Results } from './components/Results.tsx';
import { usePoll } from './hooks/use-poll.ts';
import './polls.css';
import { TableScroll } from '../../components/TableScroll.tsx';

/** `/polls/:id`: one poll, its ballot, its results live, and (coordinators) its lifecycle. */
export function PollPage({ id }: { id: string }) {
  const { t } = useTranslation('polls');
  const { view, error, live, setView, vote } = usePoll(id);
  usePageTitle(view ? view.poll.question : t('title'));

  if (!view) {
    return (
      <div className="page">
        <section className="card">
          {error ? (
            <p role="alert" className="form__error">
              {t(`errors.${error}`, { ns: 'translation' })}
            </p>
          ) : (
            <p className="muted" role="status">
              {t('loading')}
            </p>
          )}
        </section>
      </div>
    );
  }
  const { poll } = view;
  return (
    <div className="page page--wide poll-page">
      <nav aria-label={t('back')} className="breadcrumb">
        <Link href="/polls">{t('back')}</Link>
      </nav>
      <section className="card" aria-labelledby="poll-heading">
        <header className="poll-page__header">
          <h1 id="poll-heading">{poll.question}</h1>
          <span
            className={`connection poll-live poll-live--${live ? 'on' : 'off'}`}
            data-testid="poll-live"
            data-live={live}
            data-state={live ? 'connected' : 'connecting'}
          >
            <span className="connection__dot" aria-hidden="true" />
            {live ? t('live') : t('offline')}
          </span>
        </header>
        <PollMeta view={view} />
        {poll.description && <p className="poll-page__description">{poll.description}</p>}
      </section>
      {view.can.manage && <ManagePanel view={view} onView={setView} />}
      <BallotSection view={view} onVote={vote} />
      <ResultsSection view={view} />
    </div>
  );
}

function PollMeta({ view }: { view: PollView }) {
  const { t, i18n } = useTranslation('polls');
  const { poll } = view;
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  // The agenda item is an item id of the minutes' agenda: shown as "2. Its title" (older polls kept free text, shown as it is).
  const minutes = poll.minutes ?? '';
  const agendaQuery = useQuery({
    queryKey: pollKeys.agenda(minutes),
    queryFn: ({ signal }) => fetchAgendaItems(minutes, signal),
    enabled: !!minutes && !!poll.agendaItem,
  });
  // Unreadable minutes (or a failure) show the item as stored.
  const agenda: AgendaChoice[] | null = agendaQuery.isError ? [] : (agendaQuery.data ?? null);
  const item = agenda?.find((x) => x.id === poll.agendaItem);
  const agendaTitle = item ? `${item.number}. ${item.title}` : poll.minutes && !agenda ? null : poll.agendaItem;
  return (
    <p className="poll-meta">
      <span className="badge">{t(`kind.${poll.kind}`)}</span>{' '}
      <span className={`badge poll-status poll-status--${view.status}`} data-testid="poll-status">
        {t(`status.${view.status}`)}
      </span>{' '}
      <span className="badge">{poll.settings.anonymous ? t('settings.anonymous') : t('settings.named')}</span>{' '}
      <span className="badge">{t(`settings.results.${poll.settings.results}`)}</span>
      {poll.closesAt && view.status !== 'closed' && <span className="poll-meta__item">{t('closesAt', { date: date(poll.closesAt) })}</span>}
      {poll.closedAt && view.status === 'closed' && <span className="poll-meta__item">{t('closedAt', { date: date(poll.closedAt) })}</span>}
      {agendaTitle && <span className="poll-meta__item">{t('agendaItem', { item: agendaTitle })}</span>}
      {poll.minutes && (
        <span className="poll-meta__item">
          <Link href={`/d/${poll.minutes}`}>{t('minutesLink')}</Link>
        </span>
      )}
    </p>
  );
}

/** Open, close, reopen; while a draft, the options' order. */
function ManagePanel({ view, onView }: { view: PollView; onView(v: PollView): void }) {
  const { t } = useTranslation('polls');
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [confirmingClose, setConfirmingClose] = useState(false);
  const { poll } = view;
  // Opening, reopening and reordering: the answer is the poll's new view, announced when it comes.
  const change = useMutation({
    mutationFn: ({ action }: { action: () => Promise<PollView>; done: string }) => action(),
    onSuccess: (next, { done }) => {
      onView(next);
      setAnnouncement(done);
    },
    onError: (err) => setError(errorCode(err)),
  });
  const busy = change.isPending;
  const run = async (action: () => Promise<PollView>, done: string) => {
    setError(null);
    await change.mutateAsync({ action, done }).catch(() => {}); // the error is shown by onError
  };
  return (
    <section className="card poll-manage" aria-labelledby="manage-heading">
      <h2 id="manage-heading">{t('manage.title')}</h2>
      {poll.status === 'draft' && poll.options.length > 1 && (
        <OptionOrder
          poll={poll}
          onReorder={(options, label, position) => run(() => patchPoll(poll.id, { options }), t('manage.reordered', { label, position }))}
        />
      )}
      <div className="form__actions">
        {view.status === 'draft' && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => run(() => openPoll(poll.id), t('manage.opened'))}>
            {t('manage.open')}
          </button>
        )}
        {view.status === 'open' && (
          <button type="button" className="button" disabled={busy} onClick={() => setConfirmingClose(true)} data-testid="close-poll">
            {t('manage.close')}
          </button>
        )}
        {confirmingClose && (
          <ConfirmDialog
            title={t('manage.closeConfirm.title')}
            body={t('manage.closeConfirm.body')}
            confirmLabel={t('manage.closeConfirm.confirm')}
            danger
            onConfirm={async () => {
              onView(await closePoll(poll.id));
              setAnnouncement(t('manage.closed'));
            }}
            onClose={() => setConfirmingClose(false)}
          />
        )}
        {view.status === 'closed' && (
          <button type="button" className="button" disabled={busy} onClick={() => run(() => openPoll(poll.id), t('manage.opened'))}>
            {t('manage.reopen')}
          </button>
        )}
        {view.status === 'closed' && <FollowUpButton source={{ source: 'poll', pollId: poll.id }} />}
      </div>
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

function OptionOrder({ poll, onReorder }: { poll: Poll; onReorder(options: Poll['options'], label: string, position: number): Promise<void> }) {
  const { t } = useTranslation('polls');
  const listRef = useRef<HTMLOListElement>(null);
  const move = async (from: number, to: number) => {
    const next = [...poll.options];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    await onReorder(next, item!.label, to + 1);
    listRef.current?.querySelectorAll<HTMLButtonElement>('li')[to]?.querySelector<HTMLButtonElement>(`button:not([disabled])`)?.focus();
  };
  return (
    <>
      <h3>{t('manage.reorder')}</h3>
      <ol ref={listRef} className="poll-ranking__list">
        {poll.options.map((o, i) => (
          <li key={o.id} className="poll-ranking__item">
            <span className="poll-ranking__label">
              <span className="poll-ranking__position" aria-hidden="true">
                {i + 1}.
              </span>{' '}
              {o.label}
            </span>
            <span className="poll-ranking__buttons">
              <button
                type="button"
                className="button button--small"
                disabled={i === 0}
                aria-label={t('manage.moveUp', { label: o.label })}
                onClick={() => void move(i, i - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small"
                disabled={i === poll.options.length - 1}
                aria-label={t('manage.moveDown', { label: o.label })}
                onClick={() => void move(i, i + 1)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

function BallotSection({ view, onVote }: { view: PollView; onVote: Parameters<typeof BallotForm>[0]['onVote'] }) {
  const { t, i18n } = useTranslation('polls');
  const { poll, mine } = view;
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const perCity = poll.settings.ballot === 'city';
  const title = perCity && mine ? t('ballot.titleCity', { city: mine.voter.name }) : t('ballot.title');
  if (!view.can.vote && !mine) {
    if (view.can.manage && view.status !== 'closed') return null;
    return (
      <section className="card poll-ballot-section" aria-labelledby="ballot-heading">
        <h2 id="ballot-heading">{title}</h2>
        <p className="muted">{view.status === 'draft' ? t('ballot.notOpen') : view.status === 'closed' ? t('ballot.closed') : t('ballot.cannotVote')}</p>
      </section>
    );
  }
  return (
    <section className="card poll-ballot-section" aria-labelledby="ballot-heading">
      <h2 id="ballot-heading">{title}</h2>
      {mine && (
        <p className="notice" data-testid="my-ballot">
          {mine.castBy.name ? t('ballot.castBy', { name: mine.castBy.name, date: date(mine.castAt) }) : t('ballot.castOn', { date: date(mine.castAt) })}
          {mine.casts > 1 && ` ${t('ballot.history', { count: mine.casts })}.`}
        </p>
      )}
      {mine && !mine.byYou && mine.reason && (
        // A co-delegate's reason: theirs, shown as theirs; the form below starts with an empty one.
        <figure className="poll-ballot__other-reason" data-testid="other-reason">
          <figcaption>{mine.castBy.name ? t('ballot.otherReason', { name: mine.castBy.name }) : t('ballot.otherReasonAnonymous')}</figcaption>
          <blockquote>{mine.reason}</blockquote>
        </figure>
      )}
      {view.can.vote ? (
        <BallotForm key={`${poll.id}-${poll.revision}`} poll={poll} mine={mine} onVote={onVote} />
      ) : (
        <p className="muted">{t('ballot.closed')}</p>
      )}
    </section>
  );
}

/** Results with a spoken summary: screen readers hear the turnout and the leader change live. */
function ResultsSection({ view }: { view: PollView }) {
  const { t } = useTranslation('polls');
  const { poll, results, turnout } = view;
  const label = labelOf(poll);
  const sectionRef = useRef<HTMLElement>(null);
  // The printed results sheet shows who has not voted and every ballot, not the closed summaries.
  useEffect(() => {
    const open = () => sectionRef.current?.querySelectorAll('details').forEach((d) => (d.open = true));
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);
  const turnoutText = t(poll.settings.ballot === 'city' ? 'turnout.city' : 'turnout.person', { voted: turnout.voted, eligible: turnout.eligible });
  const leading = results ? leaderOf(results, label, t) : null;
  const summary = leading
    ? view.status === 'closed'
      ? t('results.summaryClosed', { leading, turnout: turnoutText })
      : results?.kind === 'proposal'
        ? t('results.summaryOutcome', { outcome: leading, turnout: turnoutText })
        : t('results.summary', { leading, turnout: turnoutText })
    : t('results.summaryNone', { turnout: turnoutText });
  return (
    <section ref={sectionRef} className="card" aria-labelledby="results-heading">
      <h2 id="results-heading">{t('results.title')}</h2>
      <p aria-live="polite" aria-atomic="true" data-testid="results-summary" className="poll-summary">
        {summary}
      </p>
      {results ? (
        <div data-testid="poll-results">
          <Results poll={poll} results={results} />
        </div>
      ) : (
        <p className="muted">{t('results.hidden', { when: t(`results.hiddenWhen.${poll.settings.results}`) })}</p>
      )}
      {turnout.notVoted && turnout.notVoted.length > 0 && (
        <details className="poll-turnout">
          <summary>{t('turnout.notVoted', { count: turnout.notVoted.length })}</summary>
          <p>{turnout.notVoted.map((v) => v.name).join(', ')}</p>
        </details>
      )}
      {view.ballots && view.ballots.length > 0 && (
        <details className="poll-ballots">
          <summary>{t('results.ballots')}</summary>
          <TableScroll label={t('results.ballots')}>
            <table className="poll-grid" data-testid="poll-ballots">
              <thead>
                <tr>
                  <th scope="col">{t('results.voter')}</th>
                  <th scope="col">{t('results.choice')}</th>
                  <th scope="col">{t('ballot.reason')}</th>
                  <th scope="col">{t('results.castBy')}</th>
                </tr>
              </thead>
              <tbody>
                {view.ballots.map((b) => (
                  <tr key={b.voter.id}>
                    <th scope="row">{b.voter.name}</th>
                    <td>{describeChoice(b.choice, label, t)}</td>
                    <td>{b.reason ?? ''}</td>
                    <td>{b.history.map((h) => h.castBy.name).join(' → ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      )}
      {results && (
        <p className="form__actions poll-exports">
          <a className="button" href={resultsCsvUrl(poll.id)} download data-testid="export-csv">
            {t('results.exportCsv')}
          </a>
          <a className="button" href={resultsXlsxUrl(poll.id)} download data-testid="export-xlsx">
            {t('results.exportXlsx')}
          </a>
          <a className="button" href={chartUrl(poll.id)} download>
            {t('results.exportChart')}
          </a>
          {view.ballots && (
            <a className="button" href={ballotsCsvUrl(poll.id)} download>
              {t('results.exportBallots')}
            </a>
          )}
          {view.ballots && (
            <a className="button" href={ballotsXlsxUrl(poll.id)} download>
              {t('results.exportBallotsXlsx')}
            </a>
          )}
          <button type="button" className="button" onClick={() => window.print()}>
            {t('results.print')}
          </button>
        </p>
      )}
    </section>
  );
}

type T = ReturnType<typeof useTranslation<'polls'>>['t'];

function leaderOf(results: NonNullable<PollView['results']>, label: (id: string) => string, t: T): string | null {
  if (results.ballots === 0) return null;
  if (results.kind === 'proposal') return t(`results.outcome.${results.outcome}`);
  const winners = results.winners;
  if (winners.length === 0) return null;
  return winners.length > 1 ? t('results.tie', { names: winners.map(label).join(', ') }) : label(winners[0]!);
}

function describeChoice(choice: NonNullable<PollView['mine']>['choice'], label: (id: string) => string, t: T): string {
  switch (choice.kind) {
    case 'proposal':
      return t(`ballot.answer.${choice.answer}`);
    case 'single':
      return label(choice.option);
    case 'multiple':
      return choice.options.map(label).join(', ');
    case 'ranked':
      return choice.ranking.map((id, i) => `${i + 1}. ${label(id)}`).join(' ');
    case 'score':
      return Object.entries(choice.scores)
        .map(([id, v]) => `${label(id)}: ${v}`)
        .join(', ');
    case 'dot':
      return Object.entries(choice.points)
        .map(([id, v]) => `${label(id)}: ${v}`)
        .join(', ');
    case 'meeting-time':
      return Object.entries(choice.answers)
        .map(([id, v]) => `${label(id)}: ${t(`ballot.availability.${v}`)}`)
        .join(', ');
  }
}
