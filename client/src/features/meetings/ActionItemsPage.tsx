import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ACTION_ITEM_STATUSES, type ActionItemStatus, type ActionItemView, type City } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { actionItemsXlsxUrl, fetchActionItems, fetchCities, meetingKeys, setActionItemStatus } from './api.ts';
import { formatDate } from './format.ts';
import './meetings.css';
import { TableScroll } from '../../components/TableScroll.tsx';

/** No cities (yet, or not readable): owners show their ids. */
const NO_CITIES: City[] = [];

/** `/action-items`: the action items of every meeting, from their minutes; a status changed here changes it in the minutes. */
export function ActionItemsPage() {
  const { t, i18n } = useTranslation('meetings');
  usePageTitle(t('actionItems.title'));
  const [filters, setFilters] = useState({ city: '', status: '', overdue: false });
  const queryClient = useQueryClient();
  const cities = useQuery({ queryKey: meetingKeys.cities, queryFn: ({ signal }) => fetchCities(signal) }).data ?? NO_CITIES;
  // Each set of filters is its own query: going back to one shows its answer at once.
  const itemsQuery = useQuery({ queryKey: meetingKeys.actionItems(filters), queryFn: ({ signal }) => fetchActionItems(filters, signal) });
  const items = itemsQuery.data ?? null;
  const [changeError, setError] = useState<ClientErrorCode | null>(null);
  const error = changeError ?? (itemsQuery.error ? errorCode(itemsQuery.error) : null);
  const [announcement, setAnnouncement] = useState('');

  const ownerName = (owner: string) => {
    if (owner.startsWith('city:')) return cities.find((c) => `city:${c.id}` === owner)?.name ?? owner.slice(5);
    return owner ? t('actionItems.person') : t('actionItems.noOwner');
  };

  const change = async (item: ActionItemView, status: ActionItemStatus) => {
    try {
      const updated = await setActionItemStatus(item, status);
      // Changed in place in the list on screen (it stays until the filters change); the lists of
      // other filters are asked again when shown.
      void queryClient.invalidateQueries({ queryKey: ['meetings', 'action-items'], refetchType: 'none' });
      queryClient.setQueryData<ActionItemView[]>(meetingKeys.actionItems(filters), (list) =>
        list?.map((i) => (i.id === item.id && i.meetingId === item.meetingId && updated ? updated : i)),
      );
      setAnnouncement(t('actionItems.changed', { description: item.description, status: t(`actionItems.statuses.${status}`) }));
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <div className="page page--wide">
      <section className="card" aria-labelledby="action-items-heading">
        <h1 id="action-items-heading">{t('actionItems.title')}</h1>
        <p className="muted">{t('actionItems.intro')}</p>
        <form className="plan-filters" role="search" aria-label={t('actionItems.filters')} onSubmit={(e) => e.preventDefault()}>
          <label className="plan-filters__field">
            {t('actionItems.city')}
            <select value={filters.city} onChange={(e) => setFilters((f) => ({ ...f, city: e.target.value }))}>
              <option value="">{t('actionItems.all')}</option>
              {cities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="plan-filters__field">
            {t('actionItems.status')}
            <select value={filters.status} onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value }))}>
              <option value="">{t('actionItems.all')}</option>
              {ACTION_ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`actionItems.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="plan-filters__field plan-filters__field--check">
            <input type="checkbox" checked={filters.overdue} onChange={(e) => setFilters((f) => ({ ...f, overdue: e.target.checked }))} />{' '}
            {t('actionItems.onlyOverdue')}
          </label>
          <a className="button" href={actionItemsXlsxUrl(filters)} download data-testid="action-items-xlsx">
            {t('actionItems.exportXlsx')}
          </a>
        </form>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        {items === null ? (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        ) : items.length === 0 ? (
          <p className="muted" role="status">
            {t('actionItems.none')}
          </p>
        ) : (
          <TableScroll label={t('actionItems.title')}>
            <table className="plan-table" data-testid="action-items">
              <caption className="visually-hidden">{t('actionItems.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('actionItems.description')}</th>
                  <th scope="col">{t('actionItems.owner')}</th>
                  <th scope="col">{t('actionItems.due')}</th>
                  <th scope="col">{t('actionItems.status')}</th>
                  <th scope="col">{t('actionItems.meeting')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.meetingId}/${item.id}`} data-testid="action-item-row">
                    <td>{item.description || t('actionItems.noDescription')}</td>
                    <td>{ownerName(item.owner)}</td>
                    <td>
                      {item.due ? formatDate(item.due, i18n.language) : '—'}
                      {item.overdue && <span className="overdue"> {t('actionItems.overdue')}</span>}
                    </td>
                    <td>
                      {/* Changed by who may write its minutes (the item's can.setStatus); others read it. */}
                      {item.can.setStatus ? (
                        <select
                          aria-label={t('actionItems.statusOf', { description: item.description })}
                          value={item.status}
                          onChange={(e) => void change(item, e.target.value as ActionItemStatus)}
                        >
                          {ACTION_ITEM_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {t(`actionItems.statuses.${s}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`actionItems.statuses.${item.status}`)
                      )}
                    </td>
                    <td>
                      <Link href={`/meetings/${item.meetingId}/room`}>{item.meetingTitle}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </section>
    </div>
  );
}
