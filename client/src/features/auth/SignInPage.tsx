import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { useSession } from './session.tsx';

/**
 * Sign-in with email and password. Wrong credentials and too many attempts are said in one alert
 * (the same words whether or not the account exists); field problems sit under their field.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  usePageTitle(t('auth.signIn.title'));
  const emailRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<{ code: ClientErrorCode; minutes?: number } | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setFields({});
    setFailure(null);
    try {
      await signIn(email, password);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) {
        setFields(err.fields);
        emailRef.current?.focus();
      } else {
        const minutes = err instanceof ApiRequestError && err.retryAfterSeconds ? Math.ceil(err.retryAfterSeconds / 60) : undefined;
        setFailure({ code: errorCode(err), minutes });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page--narrow">
      <form className="card form" onSubmit={handleSubmit} noValidate aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">{t('auth.signIn.title')}</h1>
        <p className="muted">{t('auth.signIn.intro')}</p>
        <TextField
          ref={emailRef}
          label={t('auth.fields.email')}
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <TextField
          label={t('auth.fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
        />
        {failure && (
          <p className="form__error" role="alert" data-testid="sign-in-error">
            {failure.code === ErrorCode.tooManyRequests
              ? t('auth.signIn.tooMany', { count: failure.minutes ?? 15 })
              : failure.code === ErrorCode.invalidCredentials
                ? t('auth.signIn.invalid')
                : t(`errors.${failure.code}`)}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('auth.signIn.submitting') : t('auth.signIn.submit')}
          </button>
        </div>
        <p className="field__hint">{t('auth.signIn.forgot')}</p>
      </form>
    </div>
  );
}
