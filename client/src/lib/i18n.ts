/**
 * Translations. Every user-facing string lives in a locale file registered in
 * `src/locales/resources.ts` (the shared ones in `src/locales/{it,en}.json`, each feature's next to
 * its code); components read them through react-i18next's `useTranslation()`, with keys checked by
 * the compiler (see the `CustomTypeOptions` declaration below).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from '../locales/resources.ts';

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
    resources: (typeof resources)['en'];
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
  await i18n.changeLanguage(language);
}

/** Initialises i18next once, before the first render (resources are bundled, so it is synchronous). */
export function initI18n(): typeof i18n {
  i18n.on('languageChanged', applyToDocument);
  void i18n.use(initReactI18next).init({
    resources,
    lng: detectLanguage(),
    fallbackLng: Language.en,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes already
    showSupportNotice: false, // no advert in the console
  });
  applyToDocument(i18n.language);
  return i18n;
}
