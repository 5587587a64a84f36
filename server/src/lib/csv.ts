/**
 * CSV as spreadsheets read it (RFC 4180: comma, CRLF, quotes doubled), with a byte-order mark so
 * Excel opens accents right. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`)
 * are prefixed with an apostrophe: an export must never execute what someone typed.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
