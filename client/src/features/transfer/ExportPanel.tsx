import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Links to download the document as Word, PDF or Markdown, or open it laid out for printing: the text
 * with pending suggestions accepted, or with them marked (added underlined, removed struck).
 */
export function ExportPanel({ name }: { name: string }) {
  const { t } = useTranslation('transfer');
  const id = useId();
  // Pending suggestions are exported accepted; a reviewer may want them marked instead.
  const [marked, setMarked] = useState(false);
  const query = marked ? '?suggestions=marked' : '';
  const base = `/api/documents/${encodeURIComponent(name)}/export`;
  return (
    <section className="card export-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('exportHeading')}</h2>
      <ul className="export-panel__links">
        <li>
          <a className="button button--small" href={`${base}.docx${query}`} download>
            {t('word')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={`${base}.pdf${query}`} download data-testid="export-pdf">
            {t('pdf')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={`${base}.md${query}`} download>
            {t('markdown')}
          </a>
        </li>
        <li>
          <a className="button button--small" href={`${base}.html${query}`} target="_blank" rel="noopener">
            {t('print')}
          </a>
        </li>
      </ul>
      <label className="checkbox">
        <input type="checkbox" checked={marked} onChange={(e) => setMarked(e.target.checked)} /> {t('suggestionsMarked')}
      </label>
      <p className="field__hint">{t('exportHint')}</p>
    </section>
  );
}
