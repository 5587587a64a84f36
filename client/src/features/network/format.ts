import type { TFunction } from 'i18next';
import type { City } from '@dialogo/shared';
import { formatPartialDate } from '../../lib/dates.ts';

type T = TFunction<'network'>;

/** "Published, June 2016", "In progress", "No profile". */
export function iccLabel(icc: City['icc'], t: T, language: string): string {
  const status = t(`icc.${icc.status}`);
  return icc.date && icc.status !== 'none' ? t('icc.withDate', { status, date: formatPartialDate(icc.date, language) }) : status;
}

/** "Signed, 12 May 2018", "Signed", "Not signed". */
export function statementLabel(statement: City['statementOfIntent'], t: T, language: string): string {
  if (!statement.signed) return t('statement.notSigned');
  return statement.date ? t('statement.signedOn', { date: formatPartialDate(statement.date, language) }) : t('statement.signed');
}

/** The 20 regions of Italy, for the city form. */
export const REGIONS = [
  'Abruzzo',
  'Basilicata',
  'Calabria',
  'Campania',
  'Emilia-Romagna',
  'Friuli-Venezia Giulia',
  'Lazio',
  'Liguria',
  'Lombardia',
  'Marche',
  'Molise',
  'Piemonte',
  'Puglia',
  'Sardegna',
  'Sicilia',
  'Toscana',
  'Trentino-Alto Adige',
  'Umbria',
  "Valle d'Aosta",
  'Veneto',
] as const;
