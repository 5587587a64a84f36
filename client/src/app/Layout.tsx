import { useRef, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Me } from '@dialogo/shared';
import { useSession } from '../features/auth/session.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { participantOf } from '../lib/participant.ts';
import { AppNav } from './AppNav.tsx';
import { useHeaderFit } from './header-fit.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { navigationFor } from './navigation.ts';

/** Header (app name, sections, who you are, sign-out, language) and the main landmark around every page. */
export function Layout({ me, children }: { me: Me | null; children: ReactNode }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const participant = me ? participantOf(me.person) : null;
  const sections = me ? navigationFor(me) : [];
  const parts = {
    header: useRef<HTMLElement>(null),
    brand: useRef<HTMLAnchorElement>(null),
    tools: useRef<HTMLDivElement>(null),
    measure: useRef<HTMLUListElement>(null),
  };
  const fit = useHeaderFit(parts, sections.length);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className={fit.stacked ? 'app-header app-header--stacked' : 'app-header'} ref={parts.header}>
        <Link href="/" className="app-header__brand" aria-label={t('app.home')} ref={parts.brand}>
          <span className="app-header__logo" aria-hidden="true" />
          <span className="app-header__name">{t('app.name')}</span>
        </Link>
        {me && <AppNav items={sections} visible={fit.visible} measure={parts.measure} />}
        <div className="app-header__tools" ref={parts.tools}>
          {me && <NotificationBell />}
          {me && participant && (
            <div className="participant" data-testid="participant">
              <span className="participant__swatch" style={{ backgroundColor: participant.color }} aria-hidden="true" />
              <Link href="/profile" className="participant__name">
                {t('participant.you', { name: participant.name })}
              </Link>
              <button type="button" className="button button--link" onClick={() => void signOut()}>
                {t('auth.signOut')}
              </button>
            </div>
          )}
          <LanguageSwitch signedIn={me !== null} />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
