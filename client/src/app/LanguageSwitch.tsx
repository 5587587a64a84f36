import { useTranslation } from 'react-i18next';
import { rpc } from '../lib/rpc.ts';
import { LANGUAGES, setLanguage, type Language } from '../lib/i18n.ts';

const SHORT = { it: 'language.itShort', en: 'language.enShort' } as const;
const FULL = { it: 'language.it', en: 'language.en' } as const;

/**
 * IT / EN: two toggle buttons, named by what they show and the full language name in that language
 * ("EN English"), so the visible label is part of the accessible name (WCAG 2.5.3, Label in Name).
 * Signed in, the choice is also saved as the person's preferred language.
 */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const choose = (language: Language) => {
    void setLanguage(language);
    if (signedIn) rpc.me.$patch({ json: { language } }).catch(() => {}); // the device keeps the choice anyway
  };
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language: Language) => (
        <button
          key={language}
          type="button"
          className="language-switch__button"
          lang={language}
          aria-label={`${t(SHORT[language])} ${t(FULL[language])}`}
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => choose(language)}
        >
          {t(SHORT[language])}
        </button>
      ))}
    </div>
  );
}
