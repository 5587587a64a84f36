import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Links to download the document as Word or Markdown, or open it laid out for printing. */
export function ExportPanel({ name }: { name: string }) {
  const { t } = useTranslation('transfer');
  const id = useId();
  const base = `/api/documents/${encodeURIComponent(name)}/export`;
  return (
    <section className="card export-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('exportHeading')}</h2>
      <ul className="export-panel__links">
        <li>
          <a className="button button--small" href={`${base}.docx`} download>
            {t('word')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={`${base}.md`} download>
            {t('markdown')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={`${base}.html`} target="_blank" rel="noopener">
            {t('print')}
          </a>
        </li>
      </ul>
      <p className="field__hint">{t('exportHint')}</p>
    </section>
  );
}
