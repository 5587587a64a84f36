/**
 * Translations. Every user-facing string lives in a locale file registered in
 * `src/locales/resources.ts` (the shared ones in `src/locales/{it,en}.json`, each feature's next to
 * its code); components read them through react-i18next's `useTranslation()`, with keys checked by
 * the compiler (see the `CustomTypeOptions` declaration below). Only the language spoken is loaded:
 * the other one when the person switches to it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadCatalog, type Catalog } from '../locales/resources.ts';

/** The languages the interface speaks. */
export const Language = { it: 'it', en: 'en' } as const;
export type Language = (typeof Language)[keyof typeof Language];
/** Every supported language, in the order the language switch shows them. */
export const LANGUAGES: readonly Language[] = [Language.it, Language.en];

/** localStorage key of the chosen language (the browser tests set it too). */
export const LANGUAGE_KEY = 'dialogo.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: Catalog;
  }
}

function isLanguage(value: unknown): value is Language {
  return value === Language.it || value === Language.en;
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null; // storage disabled: fall back to the browser's language
  }
}

/** The stored choice, else the browser's language: Italian for `it-*`, English otherwise. */
export function detectLanguage(): Language {
  const stored = storedLanguage();
  if (isLanguage(stored)) return stored;
  const browser = (navigator.language ?? '').toLowerCase();
  return browser === 'it' || browser.startsWith('it-') ? Language.it : Language.en;
}

/** Keeps `<html lang>` in step with the interface, so screen readers pronounce it right. */
function applyToDocument(language: string): void {
  document.documentElement.lang = language;
}

/** Switches the interface language and remembers the choice on this device. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // not persisted; the switch still applies to this visit
  }
  await loadLanguage(language);
  await i18n.changeLanguage(language);
}

/** Adds a language's strings to i18next, once. */
async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const catalog = await loadCatalog[language]();
  for (const [namespace, strings] of Object.entries(catalog)) i18n.addResourceBundle(language, namespace, strings);
}

/** Initialises i18next once, with the strings of the language spoken; the app renders when this resolves. */
export async function initI18n(): Promise<typeof i18n> {
  i18n.on('languageChanged', applyToDocument);
  const language = detectLanguage();
  const catalog = await loadCatalog[language]();
  await i18n.use(initReactI18next).init({
    resources: { [language]: catalog },
    lng: language,
    // Both catalogs have the same keys (checked by the compiler): nothing to fall back to.
    fallbackLng: false,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes already
    showSupportNotice: false, // no advert in the console
  });
  applyToDocument(i18n.language);
  return i18n;
}
