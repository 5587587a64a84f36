import { lazy, Suspense } from 'react';
import { Link, Redirect, Route, Switch, useLocation, useRoute } from 'wouter';
import { useTranslation } from 'react-i18next';
import { QueryClientProvider } from '@tanstack/react-query';
import { parseDocName } from '@dialogo/shared';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { lastSignedIn, SessionProvider, useSession } from '../features/auth/session.tsx';
import { createQueryClient } from '../lib/query.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Layout } from './Layout.tsx';
import { pageOfDocument } from './navigation.ts';

// Every page but sign-in is its own module, loaded when it is opened: the first load of any page
// (a shared link to minutes, most often) brings only what that page needs.
const NetworkPage = lazy(() => import('../features/network/NetworkPage.tsx').then((m) => ({ default: m.NetworkPage })));
const DocumentsPage = lazy(() => import('../features/documents/DocumentsPage.tsx').then((m) => ({ default: m.DocumentsPage })));
const PeoplePage = lazy(() => import('../features/people/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const OutboxPage = lazy(() => import('../features/mail/OutboxPage.tsx').then((m) => ({ default: m.OutboxPage })));
const ProfilePage = lazy(() => import('../features/account/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })));
const AcceptInvitePage = lazy(() => import('../features/account/AcceptInvitePage.tsx').then((m) => ({ default: m.AcceptInvitePage })));
const ResetPasswordPage = lazy(() => import('../features/account/ResetPasswordPage.tsx').then((m) => ({ default: m.ResetPasswordPage })));
const MeetingsPage = lazy(() => import('../features/meetings/MeetingsPage.tsx').then((m) => ({ default: m.MeetingsPage })));
const ActionItemsPage = lazy(() => import('../features/meetings/ActionItemsPage.tsx').then((m) => ({ default: m.ActionItemsPage })));
// The editor brings Tiptap, ProseMirror and Yjs: loaded only when a document is opened.
const loadDocumentRoute = () => import('./DocumentRoute.tsx');
const DocumentRoute = lazy(() => loadDocumentRoute().then((m) => ({ default: m.DocumentRoute })));
// A first load straight onto a document (a shared link to minutes) fetches the editor and opens
// the document while the session is being checked, not after.
if (typeof window !== 'undefined' && window.location.pathname.startsWith('/d/')) {
  const name = safeDecode(window.location.pathname.slice('/d/'.length));
  void loadDocumentRoute()
    .then((m) => {
      if (parseDocName(name) && !pageOfDocument(name)) m.openCollabSessionEarly(name, lastSignedIn());
    })
    .catch(() => {});
}
// The action plan is a Yjs document too.
const ActionPlanPage = lazy(() => import('../features/action-plan/ActionPlanPage.tsx').then((m) => ({ default: m.ActionPlanPage })));
const ProposalsRoute = lazy(() => import('./ProposalsRoute.tsx').then((m) => ({ default: m.ProposalsRoute })));
// Polls: their ballots and result views load when the polls pages are opened.
const PollsPage = lazy(() => import('../features/polls/PollsPage.tsx').then((m) => ({ default: m.PollsPage })));
const PollPage = lazy(() => import('../features/polls/PollPage.tsx').then((m) => ({ default: m.PollPage })));
const MeetingRoute = lazy(() => import('./MeetingRoute.tsx').then((m) => ({ default: m.MeetingRoute })));
const RoomRoute = lazy(() => import('./RoomRoute.tsx').then((m) => ({ default: m.RoomRoute })));

/** The tab's one query cache (lib/query.ts), cleared when the person signed in changes. */
const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </QueryClientProvider>
  );
}

/**
 * Routes. The links people are sent (an invitation, a password reset) open whether or not anyone
 * is signed in on the browser. Otherwise, signed out, every address shows the sign-in form and,
 * once signed in, the page that was asked for: a shared link to minutes still lands on the minutes.
 */
function Routes() {
  const { state, adopt, refresh } = useSession();
  const [, navigate] = useLocation();
  const [isInvite, invite] = useRoute('/invite/:token');
  const [isReset, reset] = useRoute('/reset/:token');
  const signedIn = state.status === 'signed-in' ? state.me : null;

  if (isInvite) {
    return (
      <Layout me={signedIn}>
        <Suspense fallback={<Loading />}>
          <AcceptInvitePage
            key={invite.token}
            token={invite.token}
            signedInAs={signedIn?.person.name}
            onAccepted={async (me) => {
              await adopt(me);
              navigate('/', { replace: true });
            }}
          />
        </Suspense>
      </Layout>
    );
  }
  if (isReset) {
    return (
      <Layout me={signedIn}>
        <Suspense fallback={<Loading />}>
          <ResetPasswordPage key={reset.token} token={reset.token} signedIn={signedIn !== null} onReset={() => void refresh().catch(() => {})} />
        </Suspense>
      </Layout>
    );
  }
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
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">{me.can.readNetwork ? <NetworkPage /> : <Redirect to="/documents" replace />}</Route>
          <Route path="/network">
            <Redirect to="/" replace />
          </Route>
          <Route path="/documents">
            <DocumentsPage />
          </Route>
          <Route path="/people">{me.can.managePeople ? <PeoplePage meId={me.person.id} /> : <Forbidden />}</Route>
          <Route path="/outbox">{me.can.managePeople ? <OutboxPage /> : <Forbidden />}</Route>
          <Route path="/profile">
            <ProfilePage me={me} onChanged={(next) => void (next ? adopt(next) : refresh()).catch(() => {})} />
          </Route>
          <Route path="/action-plan">
            <Suspense fallback={<Loading />}>
              <ActionPlanPage />
            </Suspense>
          </Route>
          <Route path="/proposals" nest>
            <Suspense fallback={<Loading />}>
              <ProposalsRoute me={me} />
            </Suspense>
          </Route>
          <Route path="/polls">
            <Suspense fallback={<Loading />}>
              <PollsPage />
            </Suspense>
          </Route>
          <Route path="/polls/:id">
            {(params) => (
              <Suspense fallback={<Loading />}>
                <PollPage key={params.id} id={safeDecode(params.id)} />
              </Suspense>
            )}
          </Route>
          <Route path="/meetings">
            <MeetingsPage />
          </Route>
          <Route path="/meetings/:id/room">
            {(params) => (
              <Suspense fallback={<Loading />}>
                <RoomRoute key={params.id} id={params.id} />
              </Suspense>
            )}
          </Route>
          <Route path="/action-items">
            <ActionItemsPage />
          </Route>
          <Route path="/meetings/:id">
            {(params) => (
              <Suspense fallback={<Loading />}>
                <MeetingRoute key={params.id} id={params.id} />
              </Suspense>
            )}
          </Route>
          <Route path="/d/:name">
            {(params) => {
              const name = safeDecode(params.name);
              const page = pageOfDocument(name);
              return page ? (
                <Redirect to={page} replace />
              ) : (
                <Suspense fallback={<Loading />}>
                  <DocumentRoute key={params.name} name={name} me={me} />
                </Suspense>
              );
            }}
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
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

function Forbidden() {
  const { t } = useTranslation();
  usePageTitle(t('errors.forbidden'));
  return (
    <div className="page card" role="alert">
      <h1>{t('errors.forbidden')}</h1>
      <p>
        <Link href="/">{t('notFound.back')}</Link>
      </p>
    </div>
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
