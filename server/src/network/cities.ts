import { ErrorCode, type City, type CityInput, type Language, type Network } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { People } from './people.ts';
import { slug } from '../lib/slug.ts';

const CITIES = 'cities';
const NETWORK = 'network';
/** One collator for every sort by name (`localeCompare` with a locale builds one per call). */
const BY_NAME = new Intl.Collator('it');

/** A city as stored; its delegates are derived from people, not stored twice. */
export type CityRecord = Omit<City, 'delegates'>;

/** The network's own record. */
export interface NetworkSettings {
  id: string;
  name: string;
  language: Language;
}

/** The network and its member cities. */
export class Cities {
  constructor(
    private readonly store: Store,
    private readonly people: People,
  ) {}

  /**
   * The network's settings: its name and its language, the language of what the server writes
   * into shared documents and files (poll results in the minutes, calendars, published pages).
   * A network that never chose one writes English.
   */
  async network(): Promise<NetworkSettings> {
    const stored = await this.store.records.get<Partial<NetworkSettings>>(NETWORK, 'main');
    return { id: 'main', name: 'Dialogo', ...stored, language: stored?.language === 'it' ? 'it' : 'en' };
  }

  /** True once a language was set for the network (by the seed or a coordinator). */
  async languageChosen(): Promise<boolean> {
    return !!(await this.store.records.get<Partial<NetworkSettings>>(NETWORK, 'main'))?.language;
  }

  async setNetwork(change: { name?: string; language?: Language }): Promise<NetworkSettings> {
    const next = await this.store.records.update<NetworkSettings>(NETWORK, 'main', (current) => ({
      id: 'main',
      name: 'Dialogo',
      language: 'en',
      ...current,
      ...change,
    }));
    return next ?? this.network();
  }

  get(id: string): Promise<CityRecord | undefined> {
    return this.store.records.get<CityRecord>(CITIES, id);
  }

  /** Every city's record, in no particular order (without the delegates `list` joins in). */
  records(): Promise<CityRecord[]> {
    return this.store.records.list<CityRecord>(CITIES);
  }

  /** Every city with its delegates, by name. */
  async list(): Promise<City[]> {
    const [cities, people] = await Promise.all([this.store.records.list<CityRecord>(CITIES), this.people.list()]);
    return cities
      .map((city) => ({
        ...city,
        delegates: people.filter((p) => p.role === 'delegate' && p.cityId === city.id && !p.archived).map((p) => ({ id: p.id, name: p.name })),
      }))
      .sort((a, b) => BY_NAME.compare(a.name, b.name));
  }

  /** The dashboard figures, archived cities left out. */
  async withStats(): Promise<Network> {
    const [network, cities] = await Promise.all([this.network(), this.store.records.list<CityRecord>(CITIES)]);
    const members = cities.filter((c) => !c.archived);
    const count = (pred: (c: CityRecord) => boolean) => members.filter(pred).length;
    return {
      ...network,
      stats: {
        cities: members.length,
        withProfile: count((c) => c.icc.status !== 'none'),
        published: count((c) => c.icc.status === 'published'),
        inProgress: count((c) => c.icc.status === 'in-progress'),
        statementSigned: count((c) => c.statementOfIntent.signed),
      },
    };
  }

  /**
   * Creates a city under an id derived from its name (with a suffix when a renamed city still
   * holds that id); a name another city has is a field error.
   */
  async create(input: CityInput): Promise<CityRecord> {
    if (await this.nameTaken(input.name)) throw nameTaken();
    const base = cityId(input.name);
    // The id is claimed atomically, so two instances creating the same city make one record.
    for (let n = 1; ; n++) {
      const city: CityRecord = { id: n === 1 ? base : `${base}-${n}`, ...input };
      if (await this.store.records.putIfAbsent(CITIES, city.id, city)) return city;
      if (await this.nameTaken(input.name)) throw nameTaken();
    }
  }

  async update(id: string, change: Partial<CityInput>): Promise<CityRecord> {
    const current = await this.get(id);
    if (!current) throw new AppError(ErrorCode.notFound, 404, 'No such city.');
    // A renamed city keeps its id; the new name must not be another city's.
    if (change.name !== undefined && (await this.nameTaken(change.name, id))) throw nameTaken();
    const next = { ...current, ...change };
    await this.store.records.put(CITIES, id, next);
    return next;
  }

  /** True when a city other than `exceptId` has this name (compared as ids are: case and accents aside). */
  private async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const key = cityId(name);
    const all = await this.store.records.list<CityRecord>(CITIES);
    return all.some((c) => c.id !== exceptId && cityId(c.name) === key);
  }
}

function nameTaken(): AppError {
  return new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { name: 'taken' });
}

/** `San Giuliano Terme` → `san-giuliano-terme`. */
export function cityId(name: string): string {
  return slug(name, 60) || 'city';
}
