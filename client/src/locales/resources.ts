/**
 * Every translation, by namespace. `translation` holds the app's shared strings (header, errors,
 * fields); each feature keeps its own strings next to its code (`features/<name>/locales/`) and
 * registers them here under its name, read with `useTranslation('<name>')`.
 */
import en from './en.json';
import it from './it.json';
import actionPlanEn from '../features/action-plan/locales/en.json';
import actionPlanIt from '../features/action-plan/locales/it.json';
import historyEn from '../features/history/locales/en.json';
import historyIt from '../features/history/locales/it.json';
import publishingEn from '../features/publishing/locales/en.json';
import publishingIt from '../features/publishing/locales/it.json';
import meetingsEn from '../features/meetings/locales/en.json';
import meetingsIt from '../features/meetings/locales/it.json';

export const resources = {
  en: {
    translation: en,
    publishing: publishingEn,
    actionPlan: actionPlanEn,
    history: historyEn,
    meetings: meetingsEn,
  },
  it: {
    translation: it,
    publishing: publishingIt,
    actionPlan: actionPlanIt,
    history: historyIt,
    meetings: meetingsIt,
  },
} as const;

// Both languages must have the same namespaces and keys: a missing translation is a compile error.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const sameKeys: SameKeys<Shape<(typeof resources)['en']>, Shape<(typeof resources)['it']>> = true;
void sameKeys;
