import { useState } from 'react';
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

/**
 * An amount in euros, typed as people write it in their language and stored as integer cents
 * (never a float). The typed text is kept while the field has the focus; it is read on blur or
 * Enter, and a value that is not an amount is flagged, not stored.
 */
export function MoneyInput({ value, label, readOnly, onChange, testId }: MoneyInputProps) {
  const { t, i18n } = useTranslation('proposals');
  const language = lang(i18n.language);
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && parseCents(draft, language) === null;

  const commit = () => {
    if (draft === null) return;
    const cents = parseCents(draft, language);
    if (cents === null) return;
    if (cents !== value) onChange(cents);
    setDraft(null);
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
        aria-invalid={invalid ? true : undefined}
        title={invalid ? t('fields.amount') : undefined}
        data-testid={testId}
        onFocus={(e) => {
          setDraft(editable(value, language));
          e.currentTarget.select();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          commit();
          if (invalid) setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') setDraft(editable(value, language));
        }}
      />
    </>
  );
}
