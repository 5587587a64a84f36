import { agendaDocName, agendaItems, AgendaShape, type AgendaItem } from '@dialogo/shared';
import { loadStoredDoc } from './content.ts';
import type { Store } from '../store/index.ts';

/** The agenda of a meeting as stored now (everything anyone has seen is stored), in outline order. */
export async function readAgenda(store: Store, meetingId: string): Promise<AgendaItem[]> {
  const doc = await loadStoredDoc(store, agendaDocName(meetingId));
  try {
    return agendaItems(doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>);
  } finally {
    doc.destroy();
  }
}
