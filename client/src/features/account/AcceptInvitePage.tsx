import { useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { AcceptInviteSchema, ErrorCode, LIMITS, type InvitePreview, type Language, type Me } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { setLanguage } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fieldErrors, focusFirstInvalid } from '../../lib/validate.ts';
import { acceptInvite, accountKeys, fetchInvitePreview } from './api.ts';
import { LanguageChoice } from './components/LanguageChoice.tsx';
import './account.css';

/** Props of {@link AcceptInvitePage}. */
export interface AcceptInvitePageProps {
  token: string;
  /** Who is signed in on this browser, if anyone: accepting signs them out. */
  signedInAs?: string;
  /** Called with the new person, signed in by the server; the app then shows the dashboard. */
  onAccepted(me: Me): void;
}

type State = { status: 'loading' } | { status: 'ready'; invite: InvitePreview } | { status: 'gone' } | { status: 'error'; code: ClientErrorCode };

/**
 * `/invite/:token`, open to everyone: what the invitation offers (network, role, city), then the
 * person's name, email, password and language. Accepting creates the account, signs in and
 * lands on the dashboard in the chosen language. A used, revoked or expired link says so.
 */
export function AcceptInvitePage({ token, signedInAs, onAccepted }: AcceptInvitePageProps) {
  const { t, i18n } = useTranslation('account');
  // What happened on the page since (the link turned out used, the password was set), over the preview.
  const [outcome, setState] = useState<State | null>(null);
  // Asked once per link (never again on a language switch) and not kept after the page.
  const preview = useQuery({
    queryKey: accountKeys.invite(token),
    queryFn: async ({ signal }) => {
      const invite = await fetchInvitePreview(token, signal);
      // The coordinator's guess of the person's language, until they choose (once per link).
      if (invite.language && invite.language !== i18n.resolvedLanguage) void setLanguage(invite.language);
      return invite;
    },
    staleTime: Infinity,
    gcTime: 0,
  });
  const failure = preview.error ? errorCode(preview.error) : null;
  const state: State =
    outcome ??
    (preview.data
      ? { status: 'ready', invite: preview.data }
      : failure === ErrorCode.gone
        ? { status: 'gone' }
        : failure
          ? { status: 'error', code: failure }
          : { status: 'loading' });
  usePageTitle(state.status === 'gone' ? t('invite.goneTitle') : t('invite.pageTitle'));

  return (
    <div className="page page--narrow">
      {state.status === 'loading' && (
        <p className="card muted" role="status">
          {t('invite.loading')}
        </p>
      )}
      {state.status === 'gone' && <GoneCard title={t('invite.goneTitle')} body={t('invite.goneBody')} signedIn={!!signedInAs} />}
      {state.status === 'error' && (
        <div className="card" role="alert">
          <p className="form__error">{t(`errors.${state.code}`, { ns: 'translation' })}</p>
        </div>
      )}
      {state.status === 'ready' && (
        <AcceptForm token={token} invite={state.invite} signedInAs={signedInAs} onAccepted={onAccepted} onGone={() => setState({ status: 'gone' })} />
      )}
    </div>
  );
}

/** The message of a link that no longer works, with the way forward. */
export function GoneCard({ title, body, signedIn }: { title: string; body: string; signedIn: boolean }) {
  const { t } = useTranslation('account');
  return (
    <section className="card gone-card" role="alert" aria-labelledby="gone-heading" data-testid="link-gone">
      <h1 id="gone-heading">{title}</h1>
      <p>{body}</p>
      <p>
        <Link href="/">{signedIn ? t('gone.home') : t('gone.signIn')}</Link>
      </p>
    </section>
  );
}

function AcceptForm({
  token,
  invite,
  signedInAs,
  onAccepted,
  onGone,
}: {
  token: string;
  invite: InvitePreview;
  signedInAs?: string;
  onAccepted(me: Me): void;
  onGone(): void;
}) {
  const { t, i18n } = useTranslation('account');
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(invite.name ?? '');
  const [email, setEmail] = useState(invite.email ?? '');
  const [password, setPassword] = useState('');
  const [language, setChosen] = useState<Language>(invite.language ?? (i18n.resolvedLanguage === 'it' ? 'it' : 'en'));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  // The page speaks the language being chosen, so the choice can be judged by reading it.
  const handleLanguage = (next: Language) => {
    setChosen(next);
    void setLanguage(next);
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    const input = { name, email, password, language };
    const local = fieldErrors(AcceptInviteSchema, input);
    if (local) return showErrors(local);
    setFields({});
    setBusy(true);
    try {
      onAccepted(await acceptInvite(token, { name: name.trim(), email: email.trim().toLowerCase(), password, language }));
    } catch (err) {
      setBusy(false);
      if (errorCode(err) === ErrorCode.gone) return onGone();
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFailure(errorCode(err));
    }
  };

  return (
    <form ref={formRef} className="card form" onSubmit={handleSubmit} noValidate aria-labelledby="accept-heading" data-testid="accept-invite">
      <h1 id="accept-heading">{t('invite.title', { network: invite.networkName })}</h1>
      <p className="invite-offer" data-testid="invite-offer">
        {t(`invite.offer.${invite.role}`, { city: invite.cityName ?? '' })}
      </p>
      <p className="muted">{t('invite.expires', { date: formatDateTime(invite.expiresAt, i18n.language) })}</p>
      {signedInAs && <p className="notice">{t('invite.signedInAs', { name: signedInAs })}</p>}
      <TextField
        label={t('fields.name')}
        name="name"
        autoComplete="name"
        limit={LIMITS.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <TextField
        label={t('fields.email')}
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fields.email}
      />
      <TextField
        label={t('fields.newPassword')}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={t('fields.passwordHint')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fields.password}
      />
      <LanguageChoice legend={t('fields.language')} value={language} onChange={handleLanguage} hint={t('fields.languageHint')} />
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('invite.submitting') : t('invite.submit')}
      </button>
    </form>
  );
}
