import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '@dialogo/shared';
import { ApiRequestError, errorCode, type ClientErrorCode } from '../../lib/api.ts';
import { data, rpc } from '../../lib/rpc.ts';
import { fieldMessageKey } from '../../lib/field-messages.ts';

/** Server messages about the file, in this feature's words. */
const FILE_MESSAGES: Record<string, 'fileRequired' | 'unsupported' | 'unreadable'> = {
  required: 'fileRequired',
  'unsupported-format': 'unsupported',
  unreadable: 'unreadable',
};

/**
 * "Import a Word or Markdown file": the file and, optionally, a title (the file's name otherwise).
 * The new document opens at once; a refused file is explained next to its field.
 */
export function ImportForm({ onImported }: { onImported(document: DocumentSummary): void }) {
  const { t } = useTranslation('transfer');
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    setFields({});
    setFormError(null);
    if (!file) {
      setFields({ file: 'required' });
      fileRef.current?.focus();
      return;
    }
    const form = new FormData();
    form.set('file', file);
    if (title.trim()) form.set('title', title);
    setBusy(true);
    try {
      // The file travels as the multipart form itself (the route reads it; no JSON validator).
      onImported((await data(rpc.documents.import.$post(undefined, { init: { body: form } }))).document);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length) setFields({ ...err.fields });
      else setFormError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('importHeading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('file')}</label>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept=".docx,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown"
          aria-invalid={fields.file ? true : undefined}
          aria-describedby={`${id}-file-hint${fields.file ? ` ${id}-file-error` : ''}`}
        />
        <p id={`${id}-file-hint`} className="field__hint">
          {t('fileHint')}
        </p>
        {fields.file && (
          <p id={`${id}-file-error`} className="field__error" data-testid="import-file-error">
            {t(FILE_MESSAGES[fields.file] ?? 'unreadable')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('title')}</label>
        <input
          id={`${id}-title`}
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={fields.title ? true : undefined}
          aria-describedby={`${id}-title-hint`}
        />
        <p id={`${id}-title-hint`} className="field__hint">
          {fields.title ? t(fieldMessageKey(fields.title), { ns: 'translation' }) : t('titleHint')}
        </p>
      </div>
      {formError && (
        <p className="form__error" role="alert">
          {t(`errors.${formError}`, { ns: 'translation' })}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('importing') : t('import')}
      </button>
    </form>
  );
}
