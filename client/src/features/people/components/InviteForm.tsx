import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { InviteInputSchema, LANGUAGES, LIMITS, ROLES, Role, type City, type Invite, type Language } from '@dialogo/shared';
import { CopyField } from '../../../components/CopyField.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { fieldErrors, focusFirstInvalid } from '../../../lib/validate.ts';
import { createInvite } from '../api.ts';

/** Props of {@link InviteForm}. */
export interface InviteFormProps {
  cities: City[];
  /** Called once an invitation exists, to list it with the pending ones. */
  onCreated(invite: Invite): void;
}

/**
 * "Invite a person": email, name, role, city (for a city delegate) and language. The answer is a
 * single-use link, shown once with a Copy button; "Invite someone else" clears the form.
 */
export function InviteForm({ cities, onCreated }: InviteFormProps) {
  const { t, i18n } = useTranslation('people');
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(Role.delegate);
  const [cityId, setCityId] = useState('');
  const [language, setLanguage] = useState<Language>(i18n.resolvedLanguage === 'en' ? 'en' : 'it');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Invite | null>(null);

  const showErrors = (errors: Record<string, string>) => {
    setFields(errors);
    requestAnimationFrame(() => focusFirstInvalid(formRef.current));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    const input = {
      role,
      email: email.trim(),
      language,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(role === Role.delegate && cityId ? { cityId } : {}),
    };
    const local = fieldErrors(InviteInputSchema, input);
    if (local) return showErrors(local);
    setFields({});
    setBusy(true);
    try {
      const invite = await createInvite(input);
      setCreated(invite);
      onCreated(invite);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length > 0) showErrors({ ...err.fields });
      else setFailure(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  const handleAnother = () => {
    setCreated(null);
    setEmail('');
    setName('');
    setCityId('');
  };

  const cityName = (cid: string | undefined) => cities.find((c) => c.id === cid)?.name;

  if (created?.url) {
    const who = created.name || created.email || t(`roles.${created.role}`, { ns: 'translation' });
    return (
      <section className="card form invite-result" aria-labelledby={`${id}-done`} data-testid="invite-result">
        <h2 id={`${id}-done`}>{t('invite.createdTitle')}</h2>
        <p>
          {t('invite.createdFor', {
            who,
            role: t(`roles.${created.role}`, { ns: 'translation' }),
            city: cityName(created.cityId) ?? '',
            context: created.cityId ? 'city' : undefined,
          })}
        </p>
        <CopyField
          label={t('invite.link')}
          value={created.url}
          testId="invite-link"
          hint={t('invite.linkHint', { date: formatDateTime(created.expiresAt, i18n.language) })}
        />
        <div className="form__actions">
          <button type="button" className="button" onClick={handleAnother}>
            {t('invite.another')}
          </button>
        </div>
      </section>
    );
  }

  const activeCities = cities.filter((c) => !c.archived);
  return (
    <form ref={formRef} className="card form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('invite.title')}</h2>
      <p className="muted">{t('invite.intro')}</p>
      <div className="form__row">
        <TextField
          label={t('invite.email')}
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <TextField
          label={t('invite.name')}
          name="name"
          autoComplete="off"
          limit={LIMITS.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name}
        />
      </div>
      <div className="form__row">
        <SelectField
          label={t('invite.role')}
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => [r, t(`roles.${r}`, { ns: 'translation' })] as const)}
          error={fields.role}
        />
        {role === Role.delegate && (
          <SelectField
            label={t('invite.city')}
            name="cityId"
            value={cityId}
            onChange={(e) => setCityId(e.target.value)}
            options={activeCities.map((c) => [c.id, c.name] as const)}
            placeholder={t('invite.chooseCity')}
            error={fields.cityId}
          />
        )}
        <SelectField
          label={t('invite.language')}
          name="language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as Language)}
          options={LANGUAGES.map((l) => [l, t(`language.${l}`, { ns: 'translation' })] as const)}
          hint={t('invite.languageHint')}
          error={fields.language}
        />
      </div>
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
