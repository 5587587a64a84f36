import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { Me } from '@dialogo/shared';
import { useSession } from '../features/auth/session.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { participantOf } from '../lib/participant.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { navigationFor } from './navigation.ts';

/** Header (app name, sections, who you are, sign-out, language) and the main landmark around every page. */
export function Layout({ me, children }: { me: Me | null; children: ReactNode }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const participant = me ? participantOf(me.person) : null;
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
        {me && (
          <nav className="app-nav" aria-label={t('nav.label')}>
            <ul>
              {navigationFor(me).map((item) => (
                <NavItem key={item.href} href={item.href} label={t(item.label)} />
              ))}
            </ul>
          </nav>
        )}
        <div className="app-header__tools">
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

function NavItem({ href, label }: { href: string; label: string }) {
  const [exact] = useRoute(href);
  const [nested] = useRoute(`${href}/*`);
  const current = exact || (href !== '/' && nested);
  return (
    <li>
      <Link href={href} className="app-nav__link" aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}
