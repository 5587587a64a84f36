import type { Poll } from '@dialogo/shared';
import { can, type Actor, type Resource } from '../access/policy.ts';
import { effectiveStatus } from './lifecycle.ts';

/**
 * The policy's resource for a poll (polls are the network's: every member reads them), with what
 * the policy decides on: its status now (a draft is its managers'), when its results show, whether
 * the reader has voted (for results shown after one's vote) and, for a vote, the city it is for.
 */
export function pollResource(poll: Pick<Poll, 'settings' | 'status' | 'closesAt'>, forCity?: string, voted?: boolean): Resource {
  return {
    kind: 'poll',
    scope: {
      cities: [],
      people: [],
      guests: [],
      restricted: false,
      open: true,
      ballot: poll.settings.ballot,
      status: effectiveStatus(poll),
      results: poll.settings.results,
      ...(forCity ? { forCity } : {}),
      ...(voted ? { voted } : {}),
    },
  };
}

/** Who sees a poll (the policy's `read`): every reader once it is open; while a draft, only those who manage it. */
export function canSee(actor: Actor, poll: Pick<Poll, 'settings' | 'status' | 'closesAt'>): boolean {
  return can(actor, 'read', pollResource(poll));
}
