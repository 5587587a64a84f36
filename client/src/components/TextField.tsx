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
  /**
   * The most characters the server takes (the shared schema's `.max()`): shown as a count under
   * the field, and past it the field says so at once (the value is not cut: a paste stays whole).
   */
  limit?: number;
}

/**
 * A labelled input with its hint and error, wired for screen readers: the error is linked by
 * `aria-describedby` and marks the input `aria-invalid`, so focusing the field reads it out.
 */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, errorTestId, limit, ...input }, ref) {
  const { t } = useTranslation();
  const id = useId();
  const length = String(input.value ?? '').length;
  const over = limit !== undefined && length > limit;
  // The server's message first; else, past the limit, the field's own.
  const message = error ? t(fieldMessageKey(error)) : over ? t('fields.tooLongBy', { max: limit, count: length - limit }) : null;
  const described = [message ? `${id}-error` : null, hint ? `${id}-hint` : null, limit !== undefined ? `${id}-count` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input ref={ref} id={id} type="text" {...input} aria-invalid={message ? true : undefined} aria-describedby={described || undefined} />
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {limit !== undefined && (
        <p id={`${id}-count`} className={over ? 'field__hint field__count field__count--over' : 'field__hint field__count'} data-testid="field-count">
          {t('fields.count', { count: length, max: limit })}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="field__error" data-testid={errorTestId}>
          {message}
        </p>
      )}
    </div>
  );
});
