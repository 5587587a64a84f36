import { describe, expect, it } from 'vitest';
import { mailResources, outputResources } from '@dialogo/shared/locales';
import { toCsvFor } from '../lib/csv.ts';
import { formatDateTime, formatDay, formatNumber, languageOf, spreadsheetDateTime, translatorFor } from './index.ts';

describe('server translations', () => {
  it('translates with plurals from the shared catalog', () => {
    const it = translatorFor('it');
    const en = translatorFor('en');
    expect(it('poll.votes', { label: 'A', count: 1 })).toBe('A: 1 voto');
    expect(it('poll.votes', { label: 'A', count: 2 })).toBe('A: 2 voti');
    expect(en('poll.votes', { label: 'A', count: 1 })).toBe('A: 1 vote');
    expect(en('poll.votes', { label: 'A', count: 0 })).toBe('A: 0 votes');
    expect(it('poll.turnoutCity', { count: 1, eligible: 25 })).toBe('Ha votato 1 città su 25.');
    expect(it('poll.heading', { question: '<b>&' })).toBe('Risultati del sondaggio: <b>&');
  });

  it('has the same keys in Italian and English, in the output and the mail namespaces', () => {
    const keys = (node: unknown, at = ''): string[] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => keys(v, at ? `${at}.${k}` : k)) : [at];
    for (const resources of [outputResources, mailResources]) {
      expect(keys(resources.it).sort()).toEqual(keys(resources.en).sort());
      for (const key of keys(resources.it)) expect(key.length > 0).toBe(true);
    }
  });

  it('translates mails in the same layer, with plurals', () => {
    expect(translatorFor('it', 'mail')('invitation.subject', { network: 'Città del Dialogo' })).toBe('Invito a Città del Dialogo su Dialogo');
    expect(translatorFor('en', 'mail')('proposal.deadlineSubject', { count: 7, title: 'P' })).toBe('Due in 7 days: P');
    expect(translatorFor('it', 'mail')('proposal.deadlineSubject', { count: 1, title: 'P' })).toBe('Scadenza tra 1 giorno: P');
  });

  it('writes dates in Europe/Rome in the reader’s format', () => {
    expect(formatDateTime('2020-06-18T08:00:00Z', 'it')).toBe('giovedì 18 giugno 2020, 10:00');
    expect(formatDateTime('2020-06-18T08:00:00Z', 'en')).toBe('Thursday, 18 June 2020, 10:00');
    // Winter time: UTC+1.
    expect(formatDateTime('2026-12-03T07:13:00Z', 'it')).toBe('giovedì 3 dicembre 2026, 08:13');
    expect(spreadsheetDateTime('2026-12-03T23:30:00Z')).toBe('2026-12-04 00:30');
    expect(formatDay('2020-06', 'it')).toBe('giugno 2020');
    expect(formatNumber(3.5, 'it')).toBe('3,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    // Four digits grouped in Italian too (issue 20: `2469,33` beside `12.345,77`).
    expect(formatNumber(2469.33, 'it')).toBe('2.469,33');
    expect(formatNumber(12345.77, 'it')).toBe('12.345,77');
    expect(formatNumber(2469.33, 'it', { grouping: false })).toBe('2469,33');
    expect(languageOf('fr', 'it')).toBe('it');
  });

  it('writes CSV with a BOM, the language’s separator and formulas defused', () => {
    expect(
      toCsvFor('it', [
        ['a;b', '=1+1', 3],
        ['x,y', '-2', -2],
      ]),
    ).toBe('\uFEFF"a;b";\'=1+1;3\r\nx,y;\'-2;-2\r\n');
    expect(toCsvFor('en', [['a;b', 'x,y']])).toBe('\uFEFFa;b,"x,y"\r\n');
  });
});
