import { NETWORK_TIME_ZONE } from '@dialogo/shared';

/**
 * Spreadsheets (.xlsx, written by exceljs) that open right in Excel and LibreOffice in every
 * language: numbers are numbers, days and moments are dates (the viewer shows them in its own
 * format), headers are the reader's words, bold, frozen and filterable.
 *
 * A sheet is described by typed columns, so the same table gives a CSV (see csv.ts) and a sheet:
 * - `text`: written as a string; a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 *   tab, CR) gets the apostrophe the CSV gives it. A string cell is never a formula in .xlsx, and
 *   the mark keeps a copy pasted or saved as CSV from becoming one;
 * - `number`: a number (integers shown as such, decimals with two places);
 * - `day`: a stored day `2020-06-18` (a date) or month `2020-06` (its first day, shown as the month);
 * - `moment`: an ISO instant, shown as the wall-clock date and time in Europe/Rome (spreadsheets
 *   have no time zones).
 */

export type ColumnKind = 'text' | 'number' | 'day' | 'moment';
export interface SheetColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters; by default from the header and the values. */
  width?: number;
}
export type SheetValue = string | number | null | undefined;
export interface Sheet {
  /** The tab's name (at most 31 characters; `[]:*?/\` are replaced). */
  name: string;
  columns: SheetColumn[];
  rows: SheetValue[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would read as a formula, made inert as in the CSV. */
export const inertText = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

const wallClockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: NETWORK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the network's clocks showed it, as a zone-less date (what a spreadsheet cell holds). */
export function wallClock(iso: string): Date | null {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const p = Object.fromEntries(wallClockParts.formatToParts(new Date(time)).map((part) => [part.type, Number(part.value)]));
  return new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!));
}

/** A stored day or month as a date, and whether it is a month; null for anything else. */
function dayValue(value: string): { date: Date; month: boolean } | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  return m ? { date: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1))), month: !m[3] } : null;
}

const FORMATS = { day: 'dd/mm/yyyy', month: 'mmmm yyyy', moment: 'dd/mm/yyyy hh:mm', integer: '0', decimal: '#,##0.00' } as const;

const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';

/** The workbook of one or more sheets, as the bytes of an .xlsx file. */
export async function toXlsx(sheets: Sheet[], { title }: { title: string }): Promise<Buffer> {
  // Loaded with the first spreadsheet, not at start: exceljs holds some 28 MB once loaded.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dialogo';
  workbook.title = title;
  workbook.created = new Date(0); // the same table gives the same file
  workbook.modified = new Date(0);
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = worksheet.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    for (const values of sheet.rows) {
      const row = worksheet.addRow([]);
      sheet.columns.forEach((column, i) => {
        const value = values[i];
        if (value === null || value === undefined || value === '') return;
        const cell = row.getCell(i + 1);
        switch (column.kind) {
          case 'number':
            if (typeof value === 'number' && Number.isFinite(value)) {
              cell.value = value;
              cell.numFmt = Number.isInteger(value) ? FORMATS.integer : FORMATS.decimal;
            } else cell.value = inertText(String(value));
            return;
          case 'day': {
            const day = dayValue(String(value));
            if (day) {
              cell.value = day.date;
              cell.numFmt = day.month ? FORMATS.month : FORMATS.day;
            } else cell.value = inertText(String(value));
            return;
          }
          case 'moment': {
            const date = wallClock(String(value));
            if (date) {
              cell.value = date;
              cell.numFmt = FORMATS.moment;
            } else cell.value = inertText(String(value));
            return;
          }
          default:
            cell.value = inertText(String(value));
        }
      });
    }
    sheet.columns.forEach((column, i) => {
      const longest = Math.max(column.header.length, ...sheet.rows.map((r) => String(r[i] ?? '').length));
      worksheet.getColumn(i + 1).width = column.width ?? Math.min(60, Math.max(10, column.kind === 'moment' ? 17 : column.kind === 'day' ? 14 : longest + 2));
    });
    if (sheet.columns.length) worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
