import type { ReactNode } from 'react';
import './table-scroll.css';

/** Props of {@link TableScroll}. */
export interface TableScrollProps {
  /** What the table holds, said when the box takes focus (usually the caption's text). */
  label: string;
  children: ReactNode;
  /** Extra attributes some tables are found by in tests. */
  'data-city-table'?: string;
}

/**
 * The box a wide table scrolls in on a narrow screen. It takes focus so that a keyboard user can
 * scroll it with the arrow keys, and it is a named region so a screen reader says what it is
 * (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children, ...rest }: TableScrollProps) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label} {...rest}>
      {children}
    </div>
  );
}
