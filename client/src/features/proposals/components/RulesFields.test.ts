import { describe, expect, it } from 'vitest';
import { readRules, rulesValues } from './RulesFields.tsx';

describe('the rules of a call, as typed in the proposal forms', () => {
  it('reads the maximum grant exactly, in cents, in the reader’s language, and the minimum co-funding as a percentage', () => {
    expect(readRules({ maxGrant: '12.500,50', minCofunding: '20' }, 'it')).toEqual({
      rules: { maxGrantCents: 1_250_050, minCofundingPercent: 20 },
      errors: {},
    });
    expect(readRules({ maxGrant: '12,500.50', minCofunding: '' }, 'en')).toEqual({ rules: { maxGrantCents: 1_250_050 }, errors: {} });
    expect(readRules({ maxGrant: ' ', minCofunding: '' }, 'it')).toEqual({ rules: {}, errors: {} });
  });

  it('names each field in error by its name, without a round trip', () => {
    expect(readRules({ maxGrant: 'a lot', minCofunding: '150' }, 'en').errors).toEqual({
      'rules.maxGrantCents': 'amount',
      'rules.minCofundingPercent': 'invalid',
    });
    expect(readRules({ maxGrant: '', minCofunding: '2.5' }, 'en').errors).toEqual({ 'rules.minCofundingPercent': 'invalid' });
  });

  it('shows rules already set in the form’s own notation, and reads them back unchanged', () => {
    const values = rulesValues({ maxGrantCents: 1_250_050, minCofundingPercent: 20 }, 'it');
    expect(values).toEqual({ maxGrant: '12.500,50', minCofunding: '20' });
    expect(readRules(values, 'it').rules).toEqual({ maxGrantCents: 1_250_050, minCofundingPercent: 20 });
    expect(rulesValues({}, 'en')).toEqual({ maxGrant: '', minCofunding: '' });
  });
});
