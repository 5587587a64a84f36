import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IccStatus, type City, type CityView } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { updateCity } from '../api.ts';
import { iccLabel, statementLabel } from '../format.ts';
import { TableScroll } from '../../../components/TableScroll.tsx';

/** Props of {@link CityTable}. */
export interface CityTableProps {
  /** Each with what the reader may do with it (`can.manage`: change, archive, restore). */
  cities: CityView[];
  /** The reader may add a city (the list's `can.create`). */
  canAdd: boolean;
  /** The outcome of the last change, announced politely above the table. */
  announcement: string;
  onAdd(): void;
  /** Opens the city form, where a coordinator can also archive the city. */
  onEdit(city: City): void;
  onRestored(city: City): void;
}

const ICC_FILTERS = [IccStatus.published, IccStatus.inProgress, IccStatus.none] as const;

/**
 * The member cities: name, region, ICC Index profile, Statement of Intent and delegates, with a
 * name search and a profile filter. Who may (the answer's `can`) also gets "Add a city" and per-row Edit (the form
 * archives too), and can show archived cities to restore them.
 */
export function CityTable({ cities, canAdd, announcement, onAdd, onEdit, onRestored }: CityTableProps) {
  const { t, i18n } = useTranslation('network');
  const id = useId();
  const [query, setQuery] = useState('');
  const [icc, setIcc] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [error, setError] = useState<ClientErrorCode | null>(null);

  const needle = query.trim().toLocaleLowerCase(i18n.language);
  const shown = cities.filter(
    (city) =>
      (showArchived || !city.archived) &&
      (!icc || city.icc.status === icc) &&
      (!needle || city.name.toLocaleLowerCase(i18n.language).includes(needle) || city.region.toLocaleLowerCase(i18n.language).includes(needle)),
  );
  const archivedCount = cities.filter((c) => c.archived).length;
  // The actions column, and archived cities to restore, for a reader who may change some city.
  const canManage = cities.some((c) => c.can.manage);

  const restore = async (city: City) => {
    setError(null);
    try {
      onRestored(await updateCity(city.id, { archived: false }));
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>{t('cities.heading')}</h2>
        {canAdd && (
          <button type="button" className="button button--primary" onClick={onAdd}>
            {t('cities.add')}
          </button>
        )}
      </div>
      <form className="table-filters" role="search" aria-label={t('cities.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="table-filters__field">
          <label htmlFor={`${id}-query`}>{t('cities.search')}</label>
          <input id={`${id}-query`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </div>
        <div className="table-filters__field">
          <label htmlFor={`${id}-icc`}>{t('cities.columns.icc')}</label>
          <select id={`${id}-icc`} value={icc} onChange={(e) => setIcc(e.target.value)}>
            <option value="">{t('cities.all')}</option>
            {ICC_FILTERS.map((status) => (
              <option key={status} value={status}>
                {t(`icc.${status}`)}
              </option>
            ))}
          </select>
        </div>
        {canManage && archivedCount > 0 && (
          <label className="table-filters__check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            {t('cities.showArchived', { count: archivedCount })}
          </label>
        )}
      </form>
      <p role="status" className="table-status">
        {announcement}
      </p>
      {error && (
        <p role="alert" className="form__error">
          {t(`errors.${error}`, { ns: 'translation' })}
        </p>
      )}
      <TableScroll label={t('cities.caption', { shown: shown.length, total: cities.length - archivedCount })}>
        <table className="data-table city-table" data-testid="city-table">
          <caption className="visually-hidden">{t('cities.caption', { shown: shown.length, total: cities.length - archivedCount })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cities.columns.name')}</th>
              <th scope="col">{t('cities.columns.region')}</th>
              <th scope="col">{t('cities.columns.icc')}</th>
              <th scope="col">{t('cities.columns.statement')}</th>
              <th scope="col">{t('cities.columns.delegates')}</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">{t('cities.columns.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((city) => (
              <tr key={city.id} data-archived={city.archived || undefined}>
                <th scope="row" className="city-table__name">
                  {city.name}
                  {city.archived && <span className="badge badge--muted city-table__archived">{t('cities.archived')}</span>}
                </th>
                <td className="city-table__nowrap">{city.region || <span className="muted">{t('common.none', { ns: 'translation' })}</span>}</td>
                <td className="city-table__nowrap">
                  <span className="status" data-status={city.icc.status}>
                    {iccLabel(city.icc, t, i18n.language)}
                  </span>
                </td>
                <td className="city-table__nowrap">
                  <span className="status" data-status={city.statementOfIntent.signed ? 'published' : 'none'}>
                    {statementLabel(city.statementOfIntent, t, i18n.language)}
                  </span>
                </td>
                <td>{city.delegates.length ? city.delegates.map((d) => d.name).join(', ') : <span className="muted">{t('cities.noDelegates')}</span>}</td>
                {canManage && (
                  <td className="data-table__actions">
                    {!city.can.manage ? null : city.archived ? (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void restore(city)}
                        aria-label={t('cities.restoreLabel', { city: city.name })}
                      >
                        {t('cities.restore')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => onEdit(city)}
                        aria-label={t('cities.editLabel', { city: city.name })}
                      >
                        {t('cities.edit')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {shown.length === 0 && <p className="muted">{t('cities.empty')}</p>}
    </section>
  );
}
