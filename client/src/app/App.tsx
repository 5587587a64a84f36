import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ActionPlanPage } from '../features/action-plan/ActionPlanPage.tsx';
import { MeetingsPage } from '../features/meetings/MeetingsPage.tsx';
import { MeetingPage } from '../features/meetings/MeetingPage.tsx';
import { ActionItemsPage } from '../features/meetings/ActionItemsPage.tsx';
import { DocumentsPage } from '../features/documents/DocumentsPage.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { HistoryPanel } from '../features/history/HistoryPanel.tsx';
import { PublishPanel } from '../features/publishing/PublishPanel.tsx';
import { SessionProvider, useSession } from '../features/auth/session.tsx';
import { participantOf } from '../lib/participant.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Layout } from './Layout.tsx';

// The editor brings Tiptap, ProseMirror and Yjs: loaded only when a document is opened.
const RoomPage = lazy(() => import('../features/meetings/RoomPage.tsx').then((m) => ({ default: m.RoomPage })));
const EditorPage = lazy(() => import('../features/editor/EditorPage.tsx').then((m) => ({ default: m.EditorPage })));

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}

/**
 * Routes. Signed out, every address shows the sign-in form and, once signed in, the page that was
 * asked for: a shared link to minutes still lands on the minutes.
 */
function Routes() {
  const { state } = useSession();
  if (state.status === 'loading') {
    return (
      <Layout me={null}>
        <Loading />
      </Layout>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Layout me={null}>
        <SignInPage />
      </Layout>
    );
  }
  const { me } = state;
  return (
    <Layout me={me}>
      <Switch>
        <Route path="/">
          <DocumentsPage />
        </Route>
        <Route path="/action-plan">
          <ActionPlanPage />
        </Route>
        <Route path="/meetings">
          <MeetingsPage />
        </Route>
        <Route path="/meetings/:id/room">
          {(params) => (
            <Suspense fallback={<Loading />}>
              <RoomPage key={params.id} id={params.id} />
            </Suspense>
          )}
        </Route>
        <Route path="/action-items">
          <ActionItemsPage />
        </Route>
        <Route path="/meetings/:id">{(params) => <MeetingPage key={params.id} id={params.id} />}</Route>
        <Route path="/d/:name">
          {(params) => (
            <Suspense fallback={<Loading />}>
              <EditorPage
                key={params.name}
                name={safeDecode(params.name)}
                participant={participantOf(me.person)}
                renderTools={(permissions, doc) => (
                  <>
                    <HistoryPanel name={safeDecode(params.name)} doc={doc} canEdit={permissions.edit} />
                    {permissions.manage && <PublishPanel name={safeDecode(params.name)} />}
                  </>
                )}
              />
            </Suspense>
          )}
        </Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
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
