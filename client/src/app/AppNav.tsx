import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { Link, useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { NavigationItem } from './navigation.ts';

/** The section `href` is current: its own page or one under it (`/meetings/…` for `/meetings`). */
function isCurrent(location: string, href: string): boolean {
  return location === href || (href !== '/' && location.startsWith(`${href}/`));
}

/**
 * The header's sections on one row: the first `visible` of them, the rest under a "More" button
 * (a disclosure: Enter or a click opens the list, Escape closes it and goes back to the button).
 * `measure` gets a hidden copy of the whole row for the header to measure what fits.
 */
export function AppNav({ items, visible, measure }: { items: NavigationItem[]; visible: number; measure: Ref<HTMLUListElement> }) {
  const { t } = useTranslation();
  const shown = items.slice(0, visible);
  const more = items.slice(visible);
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <ul className="app-nav__row">
        {shown.map((item) => (
          <NavItem key={item.href} href={item.href} label={t(item.label)} />
        ))}
        {more.length > 0 && (
          <li>
            <MoreSections items={more} />
          </li>
        )}
      </ul>
      <ul className="app-nav__row app-nav__measure" aria-hidden="true" ref={measure}>
        {items.map((item) => (
          <li key={item.href}>
            <span className="app-nav__link">{t(item.label)}</span>
          </li>
        ))}
        <li>
          <span className="app-nav__link">
            {t('nav.more')}
            <span className="app-nav__caret" />
          </span>
        </li>
      </ul>
    </nav>
  );
}

function NavItem({ href, label }: { href: string; label: string }) {
  const [location] = useLocation();
  const current = isCurrent(location, href);
  return (
    <li>
      <Link href={href} className="app-nav__link" aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

/** "More": the sections that did not fit, in a list that opens under the button. */
function MoreSections({ items }: { items: NavigationItem[] }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();

  // Going to a section closes the list.
  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div
      className="app-nav__more"
      ref={box}
      // Tabbing out of the list closes it.
      onBlur={(event) => {
        if (!box.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="app-nav__link app-nav__more-button"
        aria-expanded={open}
        aria-controls={listId}
        data-current={items.some((item) => isCurrent(location, item.href)) || undefined}
        onClick={() => setOpen((was) => !was)}
      >
        {t('nav.more')}
        <span className="app-nav__caret" aria-hidden="true" />
      </button>
      <ul id={listId} className="app-nav__menu" hidden={!open}>
        {items.map((item) => (
          <NavItem key={item.href} href={item.href} label={t(item.label)} />
        ))}
      </ul>
    </div>
  );
}
