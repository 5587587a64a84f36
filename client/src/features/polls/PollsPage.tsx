import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorCode } from '../../lib/api.ts';
import { useLiveEvent, useLiveWatch } from '../../lib/live.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fetchPolls, pollKeys } from './api.ts';
import { CreatePollForm } from './components/CreatePollForm.tsx';
import './polls.css';

/** `/polls`: the network's polls, kept current live; whoever may (the answer's `can.create`) starts new ones here. */
export function PollsPage() {
  const { t } = useTranslation('polls');
  const [, navigate] = useLocation();
  usePageTitle(t('title'));
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: pollKeys.list, queryFn: ({ signal }) => fetchPolls(signal) });
  const polls = query.data?.polls ?? null;
  const error = query.error && !query.isFetching ? errorCode(query.error) : null;

  // New votes, openings and closings elsewhere refresh the list, once a burst of them settles.
  useLiveWatch(
    'polls',
    (socket) => socket.emit('polls:watch', {}, () => {}),
    (socket) => socket.emit('polls:unwatch', {}, () => {}),
  );
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveEvent('poll:updated', () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: pollKeys.list }), 200);
  });

  return (
    <div className="page page--wide">
      <section className="card" aria-labelledby="polls-heading">
        <h1 id="polls-heading">{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        {!polls && !error && (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
        {polls && polls.length === 0 && <p className="muted">{t('empty')}</p>}
        {polls && polls.length > 0 && (
          <ul className="document-list poll-list" data-testid="poll-list">
            {polls.map(({ poll, status, turnout, voted }) => (
              <li key={poll.id} className="document-list__item">
                <Link href={`/polls/${poll.id}`} className="document-list__link">
                  {poll.question}
                </Link>
                <span className="document-list__meta">
                  <span className="badge">{t(`kind.${poll.kind}`)}</span>{' '}
                  <span className={`badge poll-status poll-status--${status}`}>{t(`status.${status}`)}</span>{' '}
                  {status !== 'draft' && t(poll.settings.ballot === 'city' ? 'turnout.city' : 'turnout.person', turnout)}
                  {voted && <> · {t(poll.settings.ballot === 'city' ? 'yourCityVoted' : 'youVoted')}</>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {query.data?.can.create && (
        <CreatePollForm
          onCreated={(poll) => {
            void queryClient.invalidateQueries({ queryKey: pollKeys.list });
            navigate(`/polls/${poll.id}`);
          }}
        />
      )}
    </div>
  );
}
