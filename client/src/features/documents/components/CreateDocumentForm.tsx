import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../../lib/api.ts';
import { createDocument } from '../api.ts';
import { TextField } from '../../../components/TextField.tsx';

/** Props of {@link CreateDocumentForm}. */
export interface CreateDocumentFormProps {
  /** Called with the new document, e.g. to open it. */
  onCreated(document: DocumentSummary): void;
}

/**
 * "New minutes": one labelled title field. The server validates; its per-field message is shown
 * under the field (linked by aria-describedby) and the field gets focus, so it is read out.
 */
export function CreateDocumentForm({ onCreated }: CreateDocumentFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<ClientErrorCode | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setFieldError(null);
    setFormError(null);
    try {
      onCreated(await createDocument({ title }));
    } catch (err) {
      const titleError = err instanceof ApiRequestError ? err.fields.title : undefined;
      if (titleError) {
        setFieldError(titleError);
        inputRef.current?.focus();
      } else {
        setFormError(errorCode(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('documents.create.title')}</h2>
      {/* Titles of documents: 200 characters at most (CreateDocumentSchema). */}
      <TextField
        ref={inputRef}
        label={t('documents.create.label')}
        hint={t('documents.create.hint')}
        name="title"
        autoComplete="off"
        limit={200}
        value={title}
        onChange={(e) => {
          setTitle(e.target.value);
          setFieldError(null); // the server's word was on the value before
        }}
        error={fieldError ?? undefined}
        errorTestId="title-error"
      />
      {formError && (
        <p className="form__error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('documents.create.submitting') : t('documents.create.submit')}
      </button>
    </form>
  );
}
