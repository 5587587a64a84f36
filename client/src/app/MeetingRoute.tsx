import { restoreAgenda } from '@dialogo/shared';
import { MeetingPage } from '../features/meetings/MeetingPage.tsx';
import { DocumentTools } from './DocumentTools.tsx';

/**
 * `/meetings/:id`: the meeting with its agenda, and the agenda's versions, export and publishing
 * under it. Its own module, loaded on first use (the history panel brings Yjs).
 */
export function MeetingRoute({ id }: { id: string }) {
  return (
    <MeetingPage
      id={id}
      renderAgendaTools={(meeting) => (name, doc) => (
        <DocumentTools name={name} doc={doc} canEdit={meeting.permissions.edit} canManage={meeting.permissions.manage} restore={restoreAgenda} />
      )}
    />
  );
}
