/**
 * Every translation, by namespace. `translation` holds the app's shared strings (header, errors,
 * fields); each feature keeps its own strings next to its code (`features/<name>/locales/`) and
 * registers them in `catalog-en.ts` and `catalog-it.ts` under its name, read with
 * `useTranslation('<name>')`. Each language is its own chunk, loaded when the interface speaks it:
 * a page downloads one language, not both.
 */
import type { catalog as en } from './catalog-en.ts';
import type { catalog as it } from './catalog-it.ts';

/** Every string of one language, by namespace (the English one is the reference for types). */
export type Catalog = typeof en;

/** Loads one language's strings. */
export const loadCatalog = {
  en: (): Promise<Catalog> => import('./catalog-en.ts').then((m) => m.catalog),
  it: (): Promise<Catalog> => import('./catalog-it.ts').then((m) => m.catalog),
} as const;

// Both languages must have the same namespaces and keys: a missing translation is a compile error.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const sameKeys: SameKeys<Shape<typeof en>, Shape<typeof it>> = true;
void sameKeys;
