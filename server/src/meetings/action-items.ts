import { minutesDocName, MinutesNode, type ActionItem, type ActionItemStatus, type Meeting } from '@dialogo/shared';
import type { Actor } from '../access/policy.ts';
import { actionItemsOf, elements, sections } from '../documents/minutes-content.ts';
import type { LiveDocs } from '../ports/live-docs.ts';

export { actionItemsOf, decisionsOf } from '../documents/minutes-content.ts';

/** The action items of every meeting given, read from the minutes as they stand now. */
export async function collectActionItems(docs: LiveDocs, meetings: readonly Meeting[]): Promise<ActionItem[]> {
  const all = await Promise.all(
    meetings.map(async (m) => {
      const doc = await docs.read(minutesDocName(m.id));
      try {
        return actionItemsOf(doc, m);
      } finally {
        doc.destroy();
      }
    }),
  );
  return all.flat();
}

/**
 * Changes an action item's status in its minutes, the one place it is kept, as `actor` (the person
 * following it up), through `LiveDocs.transact`: the policy is asked as for their own edit of the
 * minutes (approved minutes are locked), then the change is stored first and shown to everyone
 * editing the minutes (on every instance, through the relay). Returns false when the minutes hold
 * no such item.
 */
export async function setActionItemStatus(docs: LiveDocs, actor: Actor, meetingId: string, itemId: string, next: ActionItemStatus): Promise<boolean> {
  return docs.transact(
    minutesDocName(meetingId),
    actor,
    (doc) => {
      let found = false;
      for (const { fragment } of sections(doc)) {
        for (const el of elements(fragment, MinutesNode.actionItem)) {
          if (el.getAttribute('id') !== itemId) continue;
          found = true;
          if (el.getAttribute('status') !== next) el.setAttribute('status', next);
        }
      }
      return found;
    },
    'action item status',
  );
}
