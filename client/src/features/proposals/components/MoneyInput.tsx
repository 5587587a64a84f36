import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, parseCents } from '@dialogo/shared';
import { lang } from '../format.ts';

/** Props of {@link MoneyInput}. */
export interface MoneyInputProps {
  /** Integer cents. */
  value: number;
  label: string;
  readOnly: boolean;
  onChange(cents: number): void;
  testId?: string;
}

/** Cents shown for editing, without the currency sign: `12.500,00` / `12,500.00`. */
function editable(cents: number, language: 'it' | 'en'): string {
  return formatCents(cents, language).replace(/[€\s\u00a0]/gu, '');
}

/** Why a typed amount is not one: a negative number, or text that is not a number at all. */
function amountProblem(text: string, language: 'it' | 'en'): 'amount-negative' | 'amount' | null {
  if (parseCents(text, language) !== null) return null;
  return /^[\s\u00a0€]*[-\u2212]/u.test(text) ? 'amount-negative' : 'amount';
}

/**
 * An amount in euros, typed as people write it in their language and stored as integer cents
 * (never a float). The typed text is kept while the field has the focus; it is read on blur or
 * Enter. A value that is not an amount is not stored: the field says why, next to it (linked by
 * `aria-describedby`), and keeps what was typed until it is corrected (Escape puts back the stored
 * amount).
 */
export function MoneyInput({ value, label, readOnly, onChange, testId }: MoneyInputProps) {
  const { t, i18n } = useTranslation('proposals');
  const language = lang(i18n.language);
  const errorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const problem = draft !== null && !readOnly ? amountProblem(draft, language) : null;
  // Said once the person leaves the field or presses Enter, not at every keystroke of "1.2".
  const [shown, setShown] = useState(false);
  const message = problem && shown ? t(`fields.${problem}`) : null;

  const commit = () => {
    if (draft === null) return;
    const cents = parseCents(draft, language);
    if (cents === null) {
      setShown(true);
      return;
    }
    if (cents !== value) onChange(cents);
    setDraft(null);
    setShown(false);
  };

  return (
    <>
      <input
        type="text"
        inputMode="decimal"
        className="proposal-money"
        value={draft ?? editable(value, language)}
        readOnly={readOnly}
        aria-label={label}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : undefined}
        data-testid={testId}
        onFocus={(e) => {
          // A wrong amount kept from before stays as typed.
          if (draft === null) setDraft(editable(value, language));
          e.currentTarget.select();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            setDraft(editable(value, language));
            setShown(false);
          }
        }}
      />
      {message && (
        <span id={errorId} className="field__error proposal-money__error" data-testid={testId ? `${testId}-error` : undefined}>
          {message}
        </span>
      )}
    </>
  );
}
