import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../lib/i18n.ts';

const SHORT = { it: 'language.itShort', en: 'language.enShort' } as const;
const FULL = { it: 'language.it', en: 'language.en' } as const;

/** IT / EN: two toggle buttons; the full language name is the accessible name, in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language: Language) => (
        <button
          key={language}
          type="button"
          className="language-switch__button"
          lang={language}
          aria-label={t(FULL[language])}
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => void setLanguage(language)}
        >
          {t(SHORT[language])}
        </button>
      ))}
    </div>
  );
}
