import { useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ImportForm } from '../transfer/ImportForm.tsx';
import { CreateDocumentForm } from './components/CreateDocumentForm.tsx';
import { DocumentList } from './components/DocumentList.tsx';
import { useDocuments } from './hooks/use-documents.ts';

/** `/`: the network's documents and a form to start new minutes. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const { state, reload } = useDocuments();
  usePageTitle(t('documents.title'));

  return (
    <div className="page page--documents">
      <section aria-labelledby="documents-heading" className="card">
        <h1 id="documents-heading">{t('documents.title')}</h1>
        {state.status === 'loading' && (
          <p className="muted" role="status">
            {t('documents.loading')}
          </p>
        )}
        {state.status === 'error' && (
          <div role="alert" className="form__error">
            <p>{t(`errors.${state.code}`)}</p>
            <button type="button" className="button" onClick={reload}>
              {t('errors.retry')}
            </button>
          </div>
        )}
        {state.status === 'ready' && <DocumentList documents={state.documents} />}
      </section>
      <CreateDocumentForm onCreated={(doc) => navigate(`/d/${doc.name}`)} />
      <ImportForm onImported={(doc) => navigate(`/d/${encodeURIComponent(doc.name)}`)} />
    </div>
  );
}
