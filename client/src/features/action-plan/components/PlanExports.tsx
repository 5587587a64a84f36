import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl } from '../api.ts';
import '../action-plan.css';

type Filters = { year: string; status: string; city: string };

/** The plan as Word (a table), PDF (a table), Markdown (a table) or a page to print, with the filters chosen above. */
export function PlanExports({ filters, filtering }: { filters: Filters; filtering: boolean }) {
  const { t } = useTranslation('actionPlan');
  const id = useId();
  return (
    <section className="plan-exports" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('exports.heading')}</h2>
      <ul>
        <li>
          <a className="button button--small" href={exportUrl('docx', filters)} download data-testid="plan-export-docx">
            {t('exports.word')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={exportUrl('pdf', filters)} download data-testid="plan-export-pdf">
            {t('exports.pdf')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={exportUrl('md', filters)} download data-testid="plan-export-md">
            {t('exports.markdown')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={exportUrl('html', filters)} target="_blank" rel="noopener" data-testid="plan-export-print">
            {t('exports.print')}
          </a>
        </li>
      </ul>
      <p className="field__hint">{filtering ? t('exports.filteredHint') : t('exports.hint')}</p>
    </section>
  );
}
