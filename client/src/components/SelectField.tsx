import { forwardRef, useId, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessageKey } from '../lib/field-messages.ts';

/** Props of {@link SelectField}: a select's own attributes plus its label, options, hint and error. */
export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> {
  label: string;
  /** `[value, label]` pairs, in order. */
  options: readonly (readonly [string, string])[];
  /** A first, empty choice ("Choose…"), when nothing is chosen yet. */
  placeholder?: string;
  hint?: string;
  /** The server's message for this field (e.g. `required`), translated here. */
  error?: string | undefined;
}

/** A labelled select with its hint and error, wired like {@link TextField}. */
export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField({ label, options, placeholder, hint, error, ...select }, ref) {
  const { t } = useTranslation();
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select ref={ref} id={id} {...select} aria-invalid={error ? true : undefined} aria-describedby={described || undefined}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {t(fieldMessageKey(error))}
        </p>
      )}
    </div>
  );
});
