import { useTranslation } from 'react-i18next';
import { formatCents, parseCents, type CreateProposalInput, type Proposal } from '@dialogo/shared';
import { Plain } from './Controls.tsx';

/** The call's budget rules as typed: the largest grant (an amount in the reader's language) and the least co-funding (a percentage). */
export interface RulesValues {
  maxGrant: string;
  minCofunding: string;
}

type Language = 'it' | 'en';

/** The form's values of rules already set (a proposal being edited); empty fields for none. */
export function rulesValues(rules: Proposal['rules'] | undefined, language: Language): RulesValues {
  return {
    maxGrant: rules?.maxGrantCents !== undefined ? formatCents(rules.maxGrantCents, language).replace(/[€\s\u00a0]/gu, '') : '',
    minCofunding: rules?.minCofundingPercent !== undefined ? String(rules.minCofundingPercent) : '',
  };
}

/**
 * Reads the rules as the server takes them. Amounts are read here, exactly, into cents; a bad
 * amount or percentage is a field error (keyed by the field's name) without a round trip.
 */
export function readRules(values: RulesValues, language: Language): { rules: CreateProposalInput['rules']; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const maxGrantCents = values.maxGrant.trim() ? parseCents(values.maxGrant, language) : undefined;
  if (maxGrantCents === null) errors['rules.maxGrantCents'] = 'amount';
  const minCofunding = values.minCofunding.trim() ? Number(values.minCofunding) : undefined;
  if (minCofunding !== undefined && !(Number.isInteger(minCofunding) && minCofunding >= 0 && minCofunding <= 100))
    errors['rules.minCofundingPercent'] = 'invalid';
  return {
    rules: { ...(maxGrantCents != null ? { maxGrantCents } : {}), ...(minCofunding !== undefined ? { minCofundingPercent: minCofunding } : {}) },
    errors,
  };
}

/** Props of {@link RulesFields}. */
export interface RulesFieldsProps {
  value: RulesValues;
  onChange(value: RulesValues): void;
  /** The message of a field in error, already translated, by the field's name (`rules.maxGrantCents`, `rules.minCofundingPercent`). */
  errorOf(name: string): string | undefined;
}

/**
 * The call's budget rules, the same in the new-proposal form and the details form: a group with
 * its legend, each field with its label, hint and error linked for screen readers.
 */
export function RulesFields({ value, onChange, errorOf }: RulesFieldsProps) {
  const { t } = useTranslation('proposals');
  return (
    <fieldset>
      <legend>{t('create.rules')}</legend>
      <Plain
        label={t('create.maxGrant')}
        hint={t('create.maxGrantHint')}
        name="rules.maxGrantCents"
        inputMode="decimal"
        value={value.maxGrant}
        onChange={(maxGrant) => onChange({ ...value, maxGrant })}
        error={errorOf('rules.maxGrantCents')}
      />
      <Plain
        label={t('create.minCofunding')}
        name="rules.minCofundingPercent"
        type="number"
        min={0}
        max={100}
        value={value.minCofunding}
        onChange={(minCofunding) => onChange({ ...value, minCofunding })}
        error={errorOf('rules.minCofundingPercent')}
      />
    </fieldset>
  );
}
