import type { CityInput, Role } from '@dialogo/shared';
import { hashPassword } from '../auth/passwords.ts';
import { AppError } from '../errors.ts';
import { cityId } from '../network/cities.ts';
import type { Services } from '../services.ts';

/**
 * The network of the seeds (seeds/001, the ICC-ITA action plan 2017-2020): 25 member cities, of
 * which 4 published their ICC Index profile in the first half of 2016 and 7 produced one in
 * February or March 2015. The seeds name only those 11; the other 14 members are listed
 * without a profile under neutral names. Dates are kept to the month the seeds allow.
 */
const NETWORK_NAME = 'Città del Dialogo';

const published = (name: string, region: string): CityInput => ({
  name,
  region,
  icc: { status: 'published', date: '2016-06' },
  statementOfIntent: { signed: false },
  archived: false,
});
const produced = (name: string, region: string): CityInput => ({
  name,
  region,
  icc: { status: 'in-progress', date: '2015-03' },
  statementOfIntent: { signed: false },
  archived: false,
});

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
  ...Array.from({ length: 14 }, (_, i) => ({
    name: `Città membro ${i + 12}`,
    region: '',
    icc: { status: 'none' as const },
    statementOfIntent: { signed: false },
    archived: false,
  })),
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
  if ((await cities.network()).name !== NETWORK_NAME) await cities.setNetwork(NETWORK_NAME);
  for (const city of DEMO_CITIES) {
    if (!(await cities.get(cityId(city.name)))) await cities.create(city);
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
  await people.create({ name: email.split('@')[0] ?? 'Coordinator', email, role: 'coordinator', language: 'it', passwordHash }).catch((err: unknown) => {
    // Another instance starting at the same time created it first.
    if (!(err instanceof AppError && err.fields?.email === 'taken')) throw err;
  });
}
