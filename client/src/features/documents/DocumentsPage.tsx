import { useLocation } from 'wouter';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ImportForm } from '../transfer/ImportForm.tsx';
import { CreateDocumentForm } from './components/CreateDocumentForm.tsx';
import { DocumentList } from './components/DocumentList.tsx';
import { useDocuments } from './hooks/use-documents.ts';
import { documentKeys } from './api.ts';

/** `/`: the network's documents and, for who may start one (the list's `can.create`), the forms to create or import one. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const { state, reload } = useDocuments();
  const queryClient = useQueryClient();
  // A new document (created or imported) belongs in the cached list when the page is back.
  const listed = () => void queryClient.invalidateQueries({ queryKey: documentKeys.list });
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
      {state.status === 'ready' && state.canCreate && (
        <>
          <CreateDocumentForm
            onCreated={(doc) => {
              listed();
              navigate(`/d/${doc.name}`);
            }}
          />
          <ImportForm
            onImported={(doc) => {
              listed();
              navigate(`/d/${encodeURIComponent(doc.name)}`);
            }}
          />
        </>
      )}
    </div>
  );
}
