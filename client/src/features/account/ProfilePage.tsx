import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ChangePasswordSchema, ErrorCode, LIMITS, ProfileInputSchema, type Language, type Me } from '@dialogo/shared';
import { TextField } from '../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { setLanguage } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { fieldErrors, focusFirstInvalid } from '../../lib/validate.ts';
import { accountKeys, changePassword, fetchCities, updateProfile } from './api.ts';
import { LanguageChoice } from './components/LanguageChoice.tsx';
import { MailPreferencesForm } from '../mail/MailPreferencesForm.tsx';
import './account.css';

/** Props of {@link ProfilePage}. */
export interface ProfilePageProps {
  me: Me;
  /** Called after a change, with the server's new answer when it gave one, so the header follows. */
  onChanged(me?: Me): void;
}

/** `/profile`: one's own name and language, and a password change. */
export function ProfilePage({ me, onChanged }: ProfilePageProps) {
  const { t } = useTranslation('account');
  usePageTitle(t('profile.title'));
  return (
    <div className="page">
      <h1>{t('profile.title')}</h1>
      <div className="profile-page">
        <ProfileForm me={me} onChanged={onChanged} />
        <PasswordForm email={me.person.email} onChanged={onChanged} />
        <MailPreferencesForm />
      </div>
    </div>
  );
}

/** The city name of a delegate, from the cities a delegate may read. */
function useCityName(cityId: string | undefined): string | undefined {
  // On a failure the role alone is shown.
  const cities = useQuery({ queryKey: accountKeys.cities, queryFn: ({ signal }) => fetchCities(signal), enabled: !!cityId });
  return cities.data?.find((c) => c.id === cityId)?.name;
}

function ProfileForm({ me, onChanged }: ProfilePageProps) {
  const { t } = useTranslation('account');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { person } = me;
  const city = useCityName(person.cityId);
  const [name, setName] = useState(person.name);
  const [language, setChosen] = useState<Language>(person.language);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    setSaved(false);
    const local = fieldErrors(ProfileInputSchema, { name, language });
    if (local) {
      setFields(local);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await updateProfile({ name: name.trim(), language });
      await setLanguage(language);
      setSaved(true);
      onChanged();
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) setFields({ ...err.fields });
      else setFailure(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const role = t(`roles.${person.role}`, { ns: 'translation' });
  return (
    <form ref={formRef} className="card form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`} data-testid="profile-form">
      <h2 id={`${id}-heading`}>{t('profile.details')}</h2>
      <dl className="profile-facts">
        <div>
          <dt>{t('fields.email')}</dt>
          <dd>{person.email}</dd>
        </div>
        <div>
          <dt>{t('profile.role')}</dt>
          <dd>{city ? t('profile.roleCity', { role, city }) : role}</dd>
        </div>
      </dl>
      <TextField
        label={t('fields.name')}
        name="name"
        autoComplete="name"
        limit={LIMITS.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fields.name}
      />
      <LanguageChoice legend={t('fields.language')} value={language} onChange={setChosen} hint={t('profile.languageHint')} />
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions form__actions--status">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving', { ns: 'translation' }) : t('common.save', { ns: 'translation' })}
        </button>
        <p role="status" className="form__status">
          {saved ? t('common.saved', { ns: 'translation' }) : ''}
        </p>
      </div>
    </form>
  );
}

function PasswordForm({ email, onChanged }: { email: string; onChanged(me?: Me): void }) {
  const { t } = useTranslation('account');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ code: ClientErrorCode; minutes?: number } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    setSaved(false);
    const local = fieldErrors(ChangePasswordSchema, { currentPassword: current, newPassword: next }) ?? (next !== repeat ? { repeat: 'mismatch' } : null);
    if (local) return showErrors(local);
    setFields({});
    setBusy(true);
    try {
      const me = await changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setSaved(true);
      onChanged(me);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else {
        const minutes = err instanceof ApiRequestError && err.retryAfterSeconds ? Math.ceil(err.retryAfterSeconds / 60) : undefined;
        setFailure({ code: errorCode(err), minutes });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="card form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`} data-testid="password-form">
      <h2 id={`${id}-heading`}>{t('password.title')}</h2>
      <p className="muted">{t('password.intro')}</p>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label={t('password.current')}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={fields.currentPassword}
      />
      <TextField
        label={t('fields.newPassword')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={t('fields.passwordHint')}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={fields.newPassword}
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
          {failure.code === ErrorCode.tooManyRequests
            ? t('auth.signIn.tooMany', { ns: 'translation', count: failure.minutes ?? 15 })
            : t(`errors.${failure.code}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions form__actions--status">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving', { ns: 'translation' }) : t('password.submit')}
        </button>
        <p role="status" className="form__status">
          {saved ? t('password.done') : ''}
        </p>
      </div>
    </form>
  );
}
