import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveParticipantName } from '../lib/participant.ts';

/** Props of {@link NameForm}. */
export interface NameFormProps {
  /** The current name, when changing it. */
  initialName?: string;
  /** Called after the name was saved. */
  onSaved?(): void;
  /** Shows a Cancel button (only when there is a name to keep). */
  onCancel?(): void;
  /** `h1` when the form is the page's main content (first visit), `h2` inside a dialog. @default 'h2' */
  headingLevel?: 'h1' | 'h2';
}

/** Asks for the display name the others see on this participant's caret. */
export function NameForm({ initialName = '', onSaved, onCancel, headingLevel: Heading = 'h2' }: NameFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState(false);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(true);
      return;
    }
    saveParticipantName(name);
    onSaved?.();
  };

  return (
    <form className="form name-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>{t('participant.title')}</Heading>
      <p className="muted">{t('participant.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('participant.label')}</label>
        <input
          id={`${id}-name`}
          name="name"
          type="text"
          autoComplete="name"
          autoFocus
          maxLength={80}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(false);
          }}
          aria-invalid={error || undefined}
          aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        />
        <p id={`${id}-hint`} className="field__hint">
          {t('participant.hint')}
        </p>
        {error && (
          <p id={`${id}-error`} className="field__error">
            {t('participant.required')}
          </p>
        )}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {t('participant.save')}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('participant.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
