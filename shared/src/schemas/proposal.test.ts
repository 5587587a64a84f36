import { describe, expect, it } from 'vitest';
import { budgetTotals, checkBudget, formatCents, formatShare, parseCents, shownCofundingShareBp, type BudgetLine } from './proposal.ts';
import { textCount } from '../text-count.ts';

const line = (id: string, city: string, amount: number, cofunding: number, category: BudgetLine['category'] = 'staff'): BudgetLine => ({
  id,
  order: id,
  city,
  category,
  description: '',
  amount,
  cofunding,
});

describe('proposal budget arithmetic', () => {
  it('reads amounts as people type them, into exact cents', () => {
    expect(parseCents('1.234,56', 'it')).toBe(123_456);
    expect(parseCents('1,234.56', 'en')).toBe(123_456);
    expect(parseCents('0,1', 'it')).toBe(10);
    expect(parseCents('0.1', 'en')).toBe(10);
    expect(parseCents('12.5', 'it')).toBe(1_250); // a lone dot with 1-2 decimals is a decimal point
    expect(parseCents('12.500', 'it')).toBe(1_250_000); // three digits after it: thousands
    expect(parseCents('€ 2 500', 'en')).toBe(250_000);
    expect(parseCents('', 'en')).toBe(0);
    for (const bad of ['abc', '1,2,3.4.5', '12.345,678', '-5']) expect(parseCents(bad, 'it')).toBeNull();
  });

  it('sums integer cents exactly where floats would drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; ten thousand lines of 0.10 € are exactly 1,000 €.
    const lines = Array.from({ length: 10_000 }, (_, i) => line(String(i), i % 2 ? 'a' : 'b', 10, 3, i % 3 ? 'travel' : 'events'));
    const totals = budgetTotals(lines);
    expect(totals.total).toEqual({ amount: 100_000, cofunding: 30_000 });
    expect(totals.byCity.a).toEqual({ amount: 50_000, cofunding: 15_000 });
    expect(totals.byCategory.events.amount + totals.byCategory.travel.amount).toBe(100_000);
    expect(totals.grant).toBe(70_000);
    expect(totals.cofundingShareBp).toBe(3_000);
  });

  it('rounds the co-funding share half up in hundredths of a percent, and is 0 for an empty budget', () => {
    expect(budgetTotals([line('1', 'a', 3, 1)]).cofundingShareBp).toBe(3_333);
    expect(budgetTotals([line('1', 'a', 3, 2)]).cofundingShareBp).toBe(6_667);
    expect(budgetTotals([line('1', 'a', 8_000, 1)]).cofundingShareBp).toBe(1); // 1.25 hundredths → 1
    expect(budgetTotals([line('1', 'a', 40_000, 2)]).cofundingShareBp).toBe(1); // exactly half → up
    expect(budgetTotals([]).cofundingShareBp).toBe(0);
  });

  it('checks the call rules with integer comparisons', () => {
    const lines = [line('1', 'a', 100_000, 19_999), line('2', 'b', 50, 60)];
    const totals = budgetTotals(lines);
    // Grant 79,991 above 79,000; co-funding 20.05 % below 21 %; line 2 funds more than it costs.
    expect(checkBudget(lines, totals, { maxGrantCents: 79_000, minCofundingPercent: 21 }).map((b) => b.rule)).toEqual([
      'maxGrant',
      'minCofunding',
      'cofundingAboveAmount',
    ]);
    const exact = [line('1', 'a', 100_000, 20_000)];
    expect(checkBudget(exact, budgetTotals(exact), { maxGrantCents: 80_000, minCofundingPercent: 20 })).toEqual([]);
  });

  it('states a share below the minimum as it is, never rounded up to the minimum (issue 20)', () => {
    // 19.995 %: rounded it would read "20 %, below the minimum of 20 %".
    const lines = [line('1', 'a', 1_000_000, 199_950)];
    const [breach] = checkBudget(lines, budgetTotals(lines), { minCofundingPercent: 20 });
    expect(breach).toEqual({ rule: 'minCofunding', limit: 20, actualBp: 1_999 });
    expect(formatShare(1_999, 'it')).toBe('19,99%');
    expect(formatShare(1_999, 'en')).toBe('19.99%');
    // The summary shows the same figure; above the minimum the share is rounded as before.
    expect(shownCofundingShareBp(budgetTotals(lines), { minCofundingPercent: 20 })).toBe(1_999);
    expect(shownCofundingShareBp(budgetTotals(lines), {})).toBe(2_000);
    const above = [line('1', 'a', 3, 1)];
    expect(shownCofundingShareBp(budgetTotals(above), { minCofundingPercent: 20 })).toBe(3_333);
  });

  it('groups thousands the same way whatever the number of digits (issue 20)', () => {
    expect(formatCents(246_933, 'it')).toBe('2.469,33\u00a0€');
    expect(formatCents(1_234_577, 'it')).toBe('12.345,77\u00a0€');
    expect(formatCents(246_933, 'en')).toBe('€2,469.33');
    expect(formatCents(99_999, 'it')).toBe('999,99\u00a0€');
  });

  it('formats for Italian and English without going through floats', () => {
    expect(formatCents(123_456_789, 'it')).toBe('1.234.567,89\u00a0€');
    expect(formatCents(123_456_789, 'en')).toBe('€1,234,567.89');
    expect(formatCents(900_719_925_474_099, 'en')).toBe('€9,007,199,254,740.99');
    expect(formatShare(2_550, 'it')).toBe('25,5%');
    expect(formatShare(3_333, 'en')).toBe('33.33%');
  });

  it('counts words and characters of a section', () => {
    expect(textCount('  Formare il   personale\ncomunale. ')).toEqual({ words: 4, characters: 30 });
    expect(textCount('')).toEqual({ words: 0, characters: 0 });
  });
});
