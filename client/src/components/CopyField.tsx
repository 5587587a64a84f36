import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './copy-field.css';

/** Props of {@link CopyField}. */
export interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
  /** `data-testid` of the input holding the value. */
  testId?: string;
}

/**
 * A link to hand on (an invitation, a password reset): read-only, selected when shown, with a
 * Copy button. Without clipboard access the text is selected so it can be copied by hand; the
 * outcome is announced politely.
 */
export function CopyField({ label, value, hint, testId }: CopyFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');

  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      inputRef.current?.select();
      setStatus('manual');
    }
  };

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field__row">
        <input
          ref={inputRef}
          id={id}
          type="text"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
          data-testid={testId}
        />
        <button type="button" className="button" onClick={() => void handleCopy()}>
          {t('common.copy')}
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <p role="status" className="copy-field__status">
        {status === 'copied' ? t('common.copied') : status === 'manual' ? t('common.copyByHand') : ''}
      </p>
    </div>
  );
}
