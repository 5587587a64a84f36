import * as Y from 'yjs';
import { ACTION_ITEM_STATUSES, DocShape, isOverdue, MinutesNode, networkToday, type ActionItem, type ActionItemStatus, type Meeting } from '@dialogo/shared';

// What a minutes document holds, read from its Yjs content: its sections, decisions and action
// items. Pure readers of a document as loaded; meetings/ and the exports both read minutes this way.

/** The fragments of a minutes document that hold its text: the general notes and one per agenda item. */
export function sections(doc: Y.Doc): { agendaItemId: string; fragment: Y.XmlFragment }[] {
  const out: { agendaItemId: string; fragment: Y.XmlFragment }[] = [];
  for (const name of [...doc.share.keys()].sort()) {
    if (name === DocShape.body) out.push({ agendaItemId: '', fragment: doc.getXmlFragment(name) });
    else if (name.startsWith('item:')) out.push({ agendaItemId: name.slice(5), fragment: doc.getXmlFragment(name) });
  }
  return out;
}

/** Every element named `nodeName` inside a fragment, depth first. */
export function* elements(parent: Y.XmlFragment | Y.XmlElement, nodeName: string): Generator<Y.XmlElement> {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) {
      if (child.nodeName === nodeName) yield child;
      yield* elements(child, nodeName);
    }
  }
}

/** The plain text of an element (its formatting dropped). */
function plainText(el: Y.XmlElement | Y.XmlText): string {
  if (el instanceof Y.XmlText) return (el.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
  return el
    .toArray()
    .map((c) => (c instanceof Y.XmlElement || c instanceof Y.XmlText ? plainText(c) : ''))
    .join('');
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const status = (value: unknown): ActionItemStatus =>
  (ACTION_ITEM_STATUSES as readonly string[]).includes(value as string) ? (value as ActionItemStatus) : 'open';

/** The decisions recorded in one meeting's minutes (a document as loaded): their plain text. */
export function decisionsOf(doc: Y.Doc): string[] {
  return sections(doc)
    .flatMap(({ fragment }) => [...elements(fragment, MinutesNode.decision)].map((el) => plainText(el).trim()))
    .filter(Boolean);
}

/** The action items recorded in one meeting's minutes (a document as loaded). */
export function actionItemsOf(doc: Y.Doc, meeting: Pick<Meeting, 'id' | 'title' | 'startsAt'>, today = networkToday()): ActionItem[] {
  const items: ActionItem[] = [];
  for (const { agendaItemId, fragment } of sections(doc)) {
    for (const el of elements(fragment, MinutesNode.actionItem)) {
      const id = text(el.getAttribute('id'));
      if (!id) continue;
      const item = { due: text(el.getAttribute('due')), status: status(el.getAttribute('status')) };
      items.push({
        id,
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        meetingStartsAt: meeting.startsAt,
        agendaItemId,
        description: plainText(el).trim(),
        owner: text(el.getAttribute('owner')),
        ...item,
        overdue: isOverdue(item, today),
      });
    }
  }
  return items;
}
