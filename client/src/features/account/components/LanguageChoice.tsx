import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '@dialogo/shared';

/** Props of {@link LanguageChoice}. */
export interface LanguageChoiceProps {
  legend: string;
  value: Language;
  onChange(language: Language): void;
  hint?: string;
}

/**
 * Italiano / English as two radio buttons, each written in its own language (so a person who
 * reads only one of them finds it), in a labelled group: arrow keys move between them.
 */
export function LanguageChoice({ legend, value, onChange, hint }: LanguageChoiceProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="fieldset language-choice" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      <div className="language-choice__options">
        {LANGUAGES.map((language) => (
          <label key={language} className="language-choice__option" lang={language}>
            <input type="radio" name={`${id}-language`} value={language} checked={value === language} onChange={() => onChange(language)} />
            {t(`language.${language}`)}
          </label>
        ))}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
    </fieldset>
  );
}
