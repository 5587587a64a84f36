import type { CityInput, Role } from '@dialogo/shared';
import { hashPassword } from '../auth/passwords.ts';
import { AppError } from '../errors.ts';
import { cityId } from '../network/cities.ts';
import type { Services } from '../services.ts';

/**
 * The network of the seeds (seeds/001, the ICC-ITA action plan 2017-2020): 25 member cities, of
 * which 16 ("two thirds, 16 out of 25") have produced an ICC Index profile and 9 never did. Of
 * the 16, the seeds name 4 that published theirs in the first half of 2016 and 7 that produced
 * one in February or March 2015; the other 5 profiles, and the 9 members without one, are listed
 * under neutral names. Dates are the latest month the seeds allow (June 2016, March 2015); the
 * seeds give no date for the 5 others. No member has yet signed the updated Statement of Intent:
 * getting each city to sign it is the second goal of the plan.
 */
const NETWORK_NAME = 'Città del Dialogo';

const city = (name: string, region: string, icc: CityInput['icc']): CityInput => ({
  name,
  region,
  icc,
  statementOfIntent: { signed: false },
  archived: false,
});
const published = (name: string, region: string) => city(name, region, { status: 'published', date: '2016-06' });
const produced = (name: string, region: string) => city(name, region, { status: 'in-progress', date: '2015-03' });
/** The members the seeds count but do not name: `Città membro 12` … `Città membro 25`. */
const unnamed = (from: number, count: number, icc: CityInput['icc']) => Array.from({ length: count }, (_, i) => city(`Città membro ${from + i}`, '', icc));

export const DEMO_CITIES: CityInput[] = [
  published('Arezzo', 'Toscana'),
  published('Novellara', 'Emilia-Romagna'),
  published('San Giuliano Terme', 'Toscana'),
  published('Torino', 'Piemonte'),
  produced('Casalecchio di Reno', 'Emilia-Romagna'),
  produced('Forlì', 'Emilia-Romagna'),
  produced('Fucecchio', 'Toscana'),
  produced('Lodi', 'Lombardia'),
  produced('Olbia', 'Sardegna'),
  produced('Ravenna', 'Emilia-Romagna'),
  produced('Reggio Emilia', 'Emilia-Romagna'),
  ...unnamed(12, 5, { status: 'in-progress' }),
  ...unnamed(17, 9, { status: 'none' }),
];

/** The demo sign-ins, printed at start and written in the README. */
export const DEMO_PASSWORD = 'dialogo-demo-2020';
export const DEMO_PEOPLE: { name: string; email: string; role: Role; city?: string; language: 'it' | 'en' }[] = [
  { name: 'Chiara Bellini', email: 'coordinatore@cittadeldialogo.example', role: 'coordinator', language: 'it' },
  { name: 'Marco Ferri', email: 'reggio-emilia@cittadeldialogo.example', role: 'delegate', city: 'Reggio Emilia', language: 'it' },
  { name: 'Sara Lombardi', email: 'torino@cittadeldialogo.example', role: 'delegate', city: 'Torino', language: 'it' },
  { name: 'Paolo Neri', email: 'arezzo@cittadeldialogo.example', role: 'delegate', city: 'Arezzo', language: 'en' },
  { name: 'Lorenzo Kihlgren Grandi', email: 'esperto@cittadeldialogo.example', role: 'expert', language: 'en' },
];

/** Seeds the network, its cities and the demo people; running it again changes nothing. */
export async function seedNetwork({ cities, people }: Services): Promise<void> {
  // The demo network is Italian: what the server writes into its documents is written in Italian.
  if ((await cities.network()).name !== NETWORK_NAME) await cities.setNetwork({ name: NETWORK_NAME, language: 'it' });
  else if (!(await cities.languageChosen())) await cities.setNetwork({ language: 'it' });
  for (const city of DEMO_CITIES) {
    if (await cities.get(cityId(city.name))) continue;
    await cities.create(city).catch(ignoreTaken); // another instance seeding at the same time
  }
  for (const person of DEMO_PEOPLE) {
    if (await people.byEmail(person.email)) continue;
    await people.create({
      name: person.name,
      email: person.email,
      role: person.role,
      language: person.language,
      ...(person.city ? { cityId: cityId(person.city) } : {}),
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
  }
}

/** Creates the configured first coordinator of a new install, once. */
export async function ensureAdmin({ people }: Services, email: string, password: string): Promise<void> {
  if (await people.byEmail(email)) return;
  const passwordHash = await hashPassword(password);
  // Another instance starting at the same time may have created it first.
  await people.create({ name: email.split('@')[0] ?? 'Coordinator', email, role: 'coordinator', language: 'it', passwordHash }).catch(ignoreTaken);
}

/** Swallows the "already exists" field error of a create that another instance won. */
function ignoreTaken(err: unknown): void {
  if (!(err instanceof AppError && (err.fields?.email === 'taken' || err.fields?.name === 'taken'))) throw err;
}
