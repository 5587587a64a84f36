import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { DocumentsPage } from '../features/documents/DocumentsPage.tsx';
import { useParticipant } from '../lib/participant.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Layout } from './Layout.tsx';
import { NameForm } from './NameForm.tsx';

// The editor brings Tiptap, ProseMirror and Yjs: loaded only when a document is opened.
const EditorPage = lazy(() => import('../features/editor/EditorPage.tsx').then((m) => ({ default: m.EditorPage })));

/** Routes: `/` the documents, `/d/:name` the minutes editor. A name is asked once, before anything. */
export function App() {
  const participant = useParticipant();
  return (
    <Layout participant={participant}>
      {participant ? (
        <Switch>
          <Route path="/">
            <DocumentsPage />
          </Route>
          <Route path="/d/:name">
            {(params) => (
              <Suspense fallback={<Loading />}>
                <EditorPage key={params.name} name={safeDecode(params.name)} participant={participant} />
              </Suspense>
            )}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      ) : (
        <div className="page page--narrow card">
          <NameForm headingLevel="h1" />
        </div>
      )}
    </Layout>
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="page muted" role="status">
      {t('editor.loading')}
    </p>
  );
}

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="page card">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link href="/">{t('notFound.back')}</Link>
      </p>
    </div>
  );
}
