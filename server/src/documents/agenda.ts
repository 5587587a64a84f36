import { agendaDocName, agendaItems, AgendaShape, type AgendaItem } from '@dialogo/shared';
import type { LiveDocs } from '../ports/live-docs.ts';

/** The agenda of a meeting as it stands now (read through {@link LiveDocs}), in outline order. */
export async function readAgenda(docs: LiveDocs, meetingId: string): Promise<AgendaItem[]> {
  const doc = await docs.read(agendaDocName(meetingId));
  try {
    return agendaItems(doc.getMap(AgendaShape.items).toJSON() as Record<string, unknown>);
  } finally {
    doc.destroy();
  }
}
