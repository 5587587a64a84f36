import { useTranslation } from 'react-i18next';
import type { Network } from '@dialogo/shared';

/**
 * The dashboard's headline figures: member cities, ICC Index profiles (of how many, published or
 * in progress, with a bar showing the split) and signed Statements of Intent.
 */
export function NetworkFigures({ stats }: { stats: Network['stats'] }) {
  const { t } = useTranslation('network');
  const total = stats.cities;
  const share = (n: number) => (total > 0 ? `${(n / total) * 100}%` : '0%');
  return (
    <section aria-label={t('figures.label')}>
      <ul className="figures">
        <li className="figure card" data-testid="figure-cities">
          <span className="figure__label">{t('figures.cities')}</span>
          <span className="figure__value">{total}</span>
          <span className="figure__detail">{t('figures.citiesDetail')}</span>
        </li>
        <li className="figure card" data-testid="figure-profiles">
          <span className="figure__label">{t('figures.profiles')}</span>
          <span className="figure__value">{t('figures.ofTotal', { count: stats.withProfile, total })}</span>
          <span className="figure__detail">{t('figures.profilesDetail', { published: stats.published, inProgress: stats.inProgress })}</span>
          <span className="figure__bar" aria-hidden="true">
            <span className="figure__bar-part figure__bar-part--published" style={{ width: share(stats.published) }} />
            <span className="figure__bar-part figure__bar-part--in-progress" style={{ width: share(stats.inProgress) }} />
          </span>
        </li>
        <li className="figure card" data-testid="figure-statement">
          <span className="figure__label">{t('figures.statement')}</span>
          <span className="figure__value">{t('figures.ofTotal', { count: stats.statementSigned, total })}</span>
          <span className="figure__detail">
            {stats.statementSigned < total ? t('figures.statementDetail', { count: total - stats.statementSigned }) : t('figures.statementAll')}
          </span>
          <span className="figure__bar" aria-hidden="true">
            <span className="figure__bar-part figure__bar-part--published" style={{ width: share(stats.statementSigned) }} />
          </span>
        </li>
      </ul>
    </section>
  );
}
