import type { Language } from '@dialogo/shared';
import { csvSeparator } from '../i18n/index.ts';

/**
 * CSV as spreadsheets read it (RFC 4180: quotes doubled, CRLF), with a byte-order mark so Excel
 * opens accents right, and the separator the reader's language expects (`;` in Italian, where the
 * comma is the decimal mark; `,` in English). Cells that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR) are prefixed with an apostrophe: an export must never execute what
 * someone typed. Numbers are passed as `number` and written as they are (the caller formats
 * decimals for the language), so a negative number is not mistaken for a formula.
 */
export function toCsv(rows: readonly (readonly (string | number)[])[], { separator = ',' }: { separator?: ',' | ';' } = {}): string {
  const special = new RegExp(`["${separator}\\r\\n]`);
  const cell = (value: string | number) => {
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return special.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(separator)).join('\r\n')}\r\n`;
}

/** {@link toCsv} with the separator of `language`. */
export function toCsvFor(language: Language, rows: readonly (readonly (string | number)[])[]): string {
  return toCsv(rows, { separator: csvSeparator(language) });
}
