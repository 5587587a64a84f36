import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '@dialogo/shared';

/** Where a document opens: a proposal in its studio, the action plan on its page (its table), everything else in the editor. */
function hrefOf(doc: DocumentSummary): string {
  if (doc.kind === 'action-plan') return '/action-plan';
  return doc.kind === 'proposal' ? `/proposals/${encodeURIComponent(doc.name.slice(doc.name.indexOf(':') + 1))}` : `/d/${doc.name}`;
}

/** Links to every document, with its kind and creation date in the interface language. */
export function DocumentList({ documents }: { documents: DocumentSummary[] }) {
  const { t, i18n } = useTranslation();
  if (documents.length === 0) return <p className="muted">{t('documents.empty')}</p>;
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' });
  return (
    <ul className="document-list">
      {documents.map((doc) => (
        <li key={doc.name} className="document-list__item">
          <Link href={hrefOf(doc)} className="document-list__link">
            {doc.title}
          </Link>
          <span className="document-list__meta">
            <span className="badge">{t(`documents.kind.${doc.kind}`)}</span>{' '}
            <time dateTime={doc.createdAt}>{t('documents.created', { date: dates.format(new Date(doc.createdAt)) })}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}
