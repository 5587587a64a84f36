import { DocKind, parseDocName, type Me } from '@dialogo/shared';

/** One section of the app in the header's navigation. */
export interface NavigationItem {
  href: string;
  /** A key of the `translation` namespace (one line each, so features add theirs side by side). */
  label: 'nav.network' | 'nav.meetings' | 'nav.documents' | 'nav.actionPlan' | 'nav.actionItems' | 'nav.proposals' | 'nav.polls' | 'nav.people';
}

/** The sections a person sees, in order; what they may not use is not shown (the server refuses it anyway). */
export function navigationFor(me: Me): NavigationItem[] {
  return [
    ...(me.can.readNetwork ? [{ href: '/', label: 'nav.network' } as const] : []),
    { href: '/meetings', label: 'nav.meetings' },
    { href: '/documents', label: 'nav.documents' },
    { href: '/action-plan', label: 'nav.actionPlan' },
    { href: '/action-items', label: 'nav.actionItems' },
    { href: '/proposals', label: 'nav.proposals' },
    { href: '/polls', label: 'nav.polls' },
    ...(me.can.managePeople ? [{ href: '/people', label: 'nav.people' } as const] : []),
  ];
}

/**
 * The page a document is edited on when it is not the plain editor's: a meeting's agenda belongs to
 * its meeting (`/meetings/<id>`, where it is co-edited with its time boxes), a proposal's document
 * to its studio (`/proposals/<id>`, where a mention in its comments leads). Null: `/d/<name>`.
 */
export function pageOfDocument(name: string): string | null {
  const parsed = parseDocName(name);
  if (parsed?.kind === DocKind.agenda) return `/meetings/${parsed.id}`;
  if (parsed?.kind === DocKind.proposal) return `/proposals/${parsed.id}`;
  // The plan is a table, edited, exported and published on its own page (never a text editor).
  if (parsed?.kind === DocKind.actionPlan) return '/action-plan';
  return null;
}
