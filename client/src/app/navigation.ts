import type { Me } from '@dialogo/shared';

/** One section of the app in the header's navigation. */
export interface NavigationItem {
  href: string;
  /** A key of the `translation` namespace (one line each, so features add theirs side by side). */
  label:
    | 'nav.documents'
    | 'nav.actionPlan'
    | 'nav.meetings'
    | 'nav.actionItems';
}

/** The sections a person sees, in order; what they may not use is not shown (the server refuses it anyway). */
export function navigationFor(_me: Me): NavigationItem[] {
  return [
    { href: '/', label: 'nav.documents' },
    { href: '/action-plan', label: 'nav.actionPlan' },
    { href: '/meetings', label: 'nav.meetings' },
    { href: '/action-items', label: 'nav.actionItems' },
  ];
}
