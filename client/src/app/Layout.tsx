import { useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../lib/participant.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NameDialog } from './NameDialog.tsx';

/** Header (app name, who you are, language) and the main landmark around every page. */
export function Layout({ participant, children }: { participant: Participant | null; children: ReactNode }) {
  const { t } = useTranslation();
  const [changingName, setChangingName] = useState(false);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link href="/" className="app-header__brand" aria-label={t('app.home')}>
          <span className="app-header__logo" aria-hidden="true" />
          <span className="app-header__name">{t('app.name')}</span>
        </Link>
        <div className="app-header__tools">
          {participant && (
            <div className="participant" data-testid="participant">
              <span className="participant__swatch" style={{ backgroundColor: participant.color }} aria-hidden="true" />
              <span className="participant__name">{t('participant.you', { name: participant.name })}</span>
              <button type="button" className="button button--link" onClick={() => setChangingName(true)}>
                {t('participant.change')}
              </button>
            </div>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      {changingName && participant && <NameDialog currentName={participant.name} onClose={() => setChangingName(false)} />}
    </>
  );
}
