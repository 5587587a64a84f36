import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NetworkDashboard } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { fetchDashboard, networkKeys } from '../api.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';

type State = { status: 'loading' } | { status: 'ready'; dashboard: NetworkDashboard } | { status: 'error'; code: ClientErrorCode };

/**
 * What each city does in the network, from the records: meetings attended, named polls voted in,
 * open and overdue action items, proposals. A summary (profiles, cities that have not voted in an
 * open poll, overdue action items), the open polls' turnout and the attendance as bars of plain
 * HTML with their values written out, then the same figures as a table.
 */
export function CityActivity() {
  const { t } = useTranslation('network');
  const query = useQuery({ queryKey: networkKeys.dashboard, queryFn: ({ signal }) => fetchDashboard(signal) });
  const state: State =
    query.status === 'success'
      ? { status: 'ready', dashboard: query.data }
      : query.status === 'error' && !query.isFetching
        ? { status: 'error', code: errorCode(query.error) }
        : { status: 'loading' };

  if (state.status === 'loading')
    return (
      <p className="muted" role="status">
        {t('activity.loading')}
      </p>
    );
  if (state.status === 'error')
    return (
      <p role="alert" className="form__error">
        {t(`errors.${state.code}`, { ns: 'translation' })}
      </p>
    );
  const { cities, summary } = state.dashboard;
  const maxMeetings = Math.max(1, ...cities.map((c) => c.meetingsAttended));
  const overdueCities = cities.filter((c) => c.overdueActionItems > 0);

  return (
    <section className="card city-activity" aria-labelledby="activity-heading" data-testid="city-activity">
      <h2 id="activity-heading">{t('activity.title')}</h2>
      <ul className="city-activity__summary">
        <li data-testid="summary-profiles">{t('activity.summary.profiles', { count: summary.withProfile, total: summary.cities })}</li>
        <li data-testid="summary-not-voted">{t('activity.summary.notVoted', { count: summary.citiesNotVoted })}</li>
        <li data-testid="summary-overdue">
          {t('activity.summary.overdue', { count: summary.overdueActionItems })}
          {overdueCities.length > 0 && ` (${overdueCities.map((c) => `${c.name}: ${c.overdueActionItems}`).join(', ')})`}
        </li>
      </ul>

      {summary.openPolls.length > 0 && (
        <>
          <h3>{t('activity.turnoutTitle')}</h3>
          <ul className="bars" data-testid="poll-turnout">
            {summary.openPolls.map((p) => (
              <li key={p.id} className="bars__row">
                <span className="bars__label">{p.question}</span>
                <span className="bars__track" aria-hidden="true">
                  <span className="bars__fill" style={{ width: `${p.eligible ? (p.voted / p.eligible) * 100 : 0}%` }} />
                </span>
                <span className="bars__value">{t('activity.turnout', { voted: p.voted, eligible: p.eligible })}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('activity.attendanceTitle')}</h3>
      <ul className="bars" data-testid="attendance-chart">
        {cities.map((c) => (
          <li key={c.cityId} className="bars__row" data-testid="attendance-bar" data-city={c.name}>
            <span className="bars__label">{c.name}</span>
            <span className="bars__track" aria-hidden="true">
              <span className="bars__fill" style={{ width: `${(c.meetingsAttended / maxMeetings) * 100}%` }} />
            </span>
            <span className="bars__value">{t('activity.meetings', { count: c.meetingsAttended })}</span>
          </li>
        ))}
      </ul>

      {/* Scrolls sideways on narrow screens: focusable, so the keyboard can scroll it too, and named by its caption. */}
      <TableScroll label={t('activity.caption')}>
        <table className="data-table city-activity__table">
          <caption id="city-activity-caption">{t('activity.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('activity.columns.city')}</th>
              <th scope="col">{t('activity.columns.meetings')}</th>
              <th scope="col">{t('activity.columns.polls')}</th>
              <th scope="col">{t('activity.columns.notVoted')}</th>
              <th scope="col">{t('activity.columns.actionItems')}</th>
              <th scope="col">{t('activity.columns.overdue')}</th>
              <th scope="col">{t('activity.columns.proposals')}</th>
            </tr>
          </thead>
          <tbody>
            {cities.map((c) => (
              <tr key={c.cityId} data-testid="activity-row" data-city={c.name}>
                <th scope="row">{c.name}</th>
                <td data-col="meetings">{c.meetingsAttended}</td>
                <td data-col="polls">{t('activity.ofTotal', { count: c.pollsVoted, total: c.pollsEligible })}</td>
                <td data-col="notVoted">{c.openPollsNotVoted}</td>
                <td data-col="actionItems">{c.openActionItems}</td>
                <td data-col="overdue">{c.overdueActionItems}</td>
                <td data-col="proposals">{c.proposals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="form__actions">
        <a className="button" href="/api/network/dashboard.xlsx" download data-testid="dashboard-xlsx">
          {t('activity.exportXlsx')}
        </a>
      </p>
    </section>
  );
}
