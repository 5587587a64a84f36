import { useId, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PERSON_MAIL_KINDS, type MailPreferences } from '@dialogo/shared';
import { errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { fetchMailPreferences, mailKeys, saveMailPreferences } from './api.ts';
import './mail.css';

/** On the profile: which kinds of mail the person receives (every mail's unsubscribe link changes the same choice). */
export function MailPreferencesForm() {
  const { t } = useTranslation('mail');
  const id = useId();
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: mailKeys.preferences, queryFn: ({ signal }) => fetchMailPreferences(signal) });
  // The choices being edited, over the stored ones until saved.
  const [edited, setPrefs] = useState<MailPreferences | null>(null);
  const prefs = edited ?? stored.data ?? null;
  const [saveFailure, setFailure] = useState<ClientErrorCode | null>(null);
  const failure = saveFailure ?? (stored.error ? errorCode(stored.error) : null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!prefs) return;
    setBusy(true);
    setSaved(false);
    setFailure(null);
    try {
      queryClient.setQueryData(mailKeys.preferences, await saveMailPreferences(prefs));
      setPrefs(null);
      setSaved(true);
    } catch (err) {
      setFailure(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={handleSubmit} aria-labelledby={`${id}-heading`} data-testid="mail-preferences">
      <h2 id={`${id}-heading`}>{t('preferences.title')}</h2>
      <fieldset className="mail-preferences" disabled={!prefs}>
        <legend className="muted">{t('preferences.intro')}</legend>
        {PERSON_MAIL_KINDS.map((kind) => (
          <label key={kind} className="mail-preferences__choice">
            <input type="checkbox" name={kind} checked={prefs?.[kind] ?? true} onChange={(e) => prefs && setPrefs({ ...prefs, [kind]: e.target.checked })} />
            <span>{t(`preferences.kinds.${kind}`)}</span>
          </label>
        ))}
      </fieldset>
      {failure && (
        <p role="alert" className="form__error">
          {t(`errors.${failure}`, { ns: 'translation' })}
        </p>
      )}
      <div className="form__actions form__actions--status">
        <button type="submit" className="button button--primary" disabled={busy || !prefs}>
          {t('preferences.save')}
        </button>
        <p role="status" className="form__status">
          {saved ? t('preferences.saved') : ''}
        </p>
      </div>
    </form>
  );
}
