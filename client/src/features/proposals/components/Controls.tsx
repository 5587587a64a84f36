import { useId, type ReactNode } from 'react';

/** Form controls of the proposal forms whose errors come translated (selects, dates, numbers, amounts). */

interface ControlProps {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  /** Already translated. */
  error?: string | undefined;
  hint?: string | undefined;
}

/** A labelled select with its hint and error linked for screen readers. */
export function Select({ label, name, value, onChange, error, hint, children }: ControlProps & { children: ReactNode }) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      >
        {children}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input whose error is already translated (dates, numbers, amounts). */
export function Plain({
  label,
  name,
  value,
  onChange,
  error,
  hint,
  ...input
}: ControlProps & { type?: string; min?: number; max?: number; inputMode?: 'decimal' }) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
