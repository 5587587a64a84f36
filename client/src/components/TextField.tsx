import { forwardRef, useId, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessageKey } from '../lib/field-messages.ts';

/** Props of {@link TextField}: an input's own attributes plus its label, hint and server error. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  /** The server's message for this field (e.g. `required`), translated here. */
  error?: string | undefined;
  /** `data-testid` of the error paragraph. */
  errorTestId?: string;
}

/**
 * A labelled input with its hint and error, wired for screen readers: the error is linked by
 * `aria-describedby` and marks the input `aria-invalid`, so focusing the field reads it out.
 */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hint, error, errorTestId, ...input },
  ref,
) {
  const { t } = useTranslation();
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input ref={ref} id={id} type="text" {...input} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} />
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error" data-testid={errorTestId}>
          {t(fieldMessageKey(error))}
        </p>
      )}
    </div>
  );
});
