import { useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { ErrorCode, ResetPasswordSchema } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fieldErrors, focusFirstInvalid } from '../../lib/validate.ts';
import { GoneCard } from './AcceptInvitePage.tsx';
import { accountKeys, fetchResetPreview, resetPassword } from './api.ts';
import './account.css';

/** Props of {@link ResetPasswordPage}. */
export interface ResetPasswordPageProps {
  token: string;
  signedIn: boolean;
  /** Called once the password is changed: every session of that person has ended. */
  onReset(): void;
}

type State =
  | { status: 'loading' }
  | { status: 'ready'; email: string }
  | { status: 'done'; email: string }
  | { status: 'gone' }
  | { status: 'error'; code: ClientErrorCode };

/**
 * `/reset/:token`, open to everyone: a new password (typed twice) for the account the link was
 * issued for. The link works once; a used or expired one says so.
 */
export function ResetPasswordPage({ token, signedIn, onReset }: ResetPasswordPageProps) {
  const { t } = useTranslation('account');
  // What happened on the page since (the link turned out used, the password was set), over the preview.
  const [outcome, setState] = useState<State | null>(null);
  // Asked once per link (never again on a language switch) and not kept after the page.
  const preview = useQuery({ queryKey: accountKeys.reset(token), queryFn: ({ signal }) => fetchResetPreview(token, signal), staleTime: Infinity, gcTime: 0 });
  const failure = preview.error ? errorCode(preview.error) : null;
  const state: State =
    outcome ??
    (preview.data
      ? { status: 'ready', email: preview.data.email }
      : failure === ErrorCode.gone
        ? { status: 'gone' }
        : failure
          ? { status: 'error', code: failure }
          : { status: 'loading' });
  usePageTitle(state.status === 'gone' ? t('reset.goneTitle') : t('reset.title'));

  return (
    <div className="page page--narrow">
      {state.status === 'loading' && (
        <p className="card muted" role="status">
          {t('reset.loading')}
        </p>
      )}
      {state.status === 'gone' && <GoneCard title={t('reset.goneTitle')} body={t('reset.goneBody')} signedIn={signedIn} />}
      {state.status === 'error' && (
        <div className="card" role="alert">
          <p className="form__error">{t(`errors.${state.code}`, { ns: 'translation' })}</p>
        </div>
      )}
      {state.status === 'ready' && (
        <ResetForm
          token={token}
          email={state.email}
          onDone={() => {
            setState({ status: 'done', email: state.email });
            onReset();
          }}
          onGone={() => setState({ status: 'gone' })}
        />
      )}
      {state.status === 'done' && (
        <section className="card" aria-labelledby="reset-done" data-testid="reset-done">
          {/* Focus follows the form that went away, so the outcome is read out. */}
          <h1 id="reset-done" tabIndex={-1} ref={(el) => el?.focus()}>
            {t('reset.doneTitle')}
          </h1>
          <p>{t('reset.doneBody', { email: state.email })}</p>
          <p>
            <Link href="/">{t('gone.signIn')}</Link>
          </p>
        </section>
      )}
    </div>
  );
}

function ResetForm({ token, email, onDone, onGone }: { token: string; email: string; onDone(): void; onGone(): void }) {
  const { t } = useTranslation('account');
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    const local = fieldErrors(ResetPasswordSchema, { password }) ?? (password !== repeat ? { repeat: 'mismatch' } : null);
    if (local) return showErrors(local);
    setFields({});
    setBusy(true);
    try {
      await resetPassword(token, password);
      onDone();
    } catch (err) {
      setBusy(false);
      if (errorCode(err) === ErrorCode.gone) return onGone();
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFailure(errorCode(err));
    }
  };

  return (
    <form ref={formRef} className="card form" onSubmit={handleSubmit} noValidate aria-labelledby="reset-heading" data-testid="reset-form">
      <h1 id="reset-heading">{t('reset.title')}</h1>
      <p>{t('reset.intro', { email })}</p>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
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
      <TextField
        label={t('fields.repeatPassword')}
        name="repeat"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={fields.repeat}
      />
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('common.saving', { ns: 'translation' }) : t('reset.submit')}
      </button>
    </form>
  );
}
