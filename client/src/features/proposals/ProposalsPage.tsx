import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { errorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fetchCities, fetchProposalCatalog, listProposals, proposalKeys } from './api.ts';
import { formatDay, timeLeft } from './format.ts';

/** `/proposals`: the proposals the person may read, soonest deadline first. */
export function ProposalsPage() {
  const { t, i18n } = useTranslation('proposals');
  usePageTitle(t('list.title'));
  const list = useQuery({ queryKey: proposalKeys.list, queryFn: ({ signal }) => listProposals(signal) });
  const catalog = useQuery({ queryKey: proposalKeys.catalog, queryFn: ({ signal }) => fetchProposalCatalog(signal) });
  const citiesQuery = useQuery({ queryKey: proposalKeys.cities, queryFn: ({ signal }) => fetchCities(signal) });
  // The page shows once the three answers are there, as one load.
  const loaded = list.data && catalog.data && citiesQuery.data ? { list: list.data, catalog: catalog.data, cities: citiesQuery.data } : null;
  const items = loaded?.list.proposals ?? null;
  const funders = loaded?.catalog.funders ?? [];
  const cities = loaded?.cities ?? [];
  const failed = list.error ?? catalog.error ?? citiesQuery.error;
  const error = failed ? errorCode(failed) : null;
  // What the answers say the reader may do: start a proposal, change funders and templates.
  const can = { create: loaded?.list.can.create ?? false, settings: loaded?.catalog.can.manage ?? false };

  const cityName = (id: string) => cities.find((c) => c.id === id)?.name ?? id;

  return (
    <div className="page">
      <section className="card" aria-labelledby="proposals-heading">
        <header className="editor-card__header">
          <h1 id="proposals-heading">{t('list.title')}</h1>
          <span className="proposal-exports">
            {can.settings && (
              <Link href="/settings" className="button">
                {t('settings.link')}
              </Link>
            )}
            {can.create && (
              <Link href="/new" className="button button--primary">
                {t('list.new')}
              </Link>
            )}
          </span>
        </header>
        <p className="muted">{t('list.intro')}</p>
        {error && (
          <p role="alert" className="form__error">
            {t(`errors.${error}`, { ns: 'translation' })}
          </p>
        )}
        {!items && !error && (
          <p className="muted" role="status">
            {t('list.loading')}
          </p>
        )}
        {items?.length === 0 && <p>{t('list.empty')}</p>}
        {items && items.length > 0 && (
          <ul className="document-list proposal-list" data-testid="proposal-list">
            {items.map(({ proposal }) => {
              const left = timeLeft(proposal.deadline);
              return (
                <li key={proposal.id} className="document-list__item">
                  <Link href={`/${encodeURIComponent(proposal.id)}`} className="document-list__link">
                    {proposal.title}
                  </Link>{' '}
                  <span className={`badge proposal-status proposal-status--${proposal.status}`}>{t(`status.${proposal.status}`)}</span>
                  <p className="document-list__meta">
                    {funders.find((f) => f.id === proposal.funderId)?.name ?? proposal.funderId} · {t('list.lead', { city: cityName(proposal.leadCityId) })}
                    {proposal.partners.length > 0 && ` · ${t('list.partners', { cities: proposal.partners.map((p) => cityName(p.cityId)).join(', ') })}`}
                  </p>
                  <p className="document-list__meta">
                    {t('deadline.label')}: <time dateTime={proposal.deadline}>{formatDay(proposal.deadline, i18n.language)}</time> (
                    {t(left.key, { count: left.count })})
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
