import { restoreAgenda } from '@dialogo/shared';
import { HistoryPanel } from '../features/history/HistoryPanel.tsx';
import { MeetingPage } from '../features/meetings/MeetingPage.tsx';
import { PublishPanel } from '../features/publishing/PublishPanel.tsx';
import { ExportPanel } from '../features/transfer/ExportPanel.tsx';

/**
 * `/meetings/:id`: the meeting with its agenda, and the agenda's versions, export and publishing
 * under it. Its own module, loaded on first use (the history panel brings Yjs).
 */
export function MeetingRoute({ id }: { id: string }) {
  return (
    <MeetingPage
      id={id}
      renderAgendaTools={(meeting) => (name, doc) => (
        <>
          <HistoryPanel name={name} doc={doc} canEdit={meeting.permissions.edit} restore={restoreAgenda} />
          <ExportPanel name={name} />
          {meeting.permissions.manage && <PublishPanel name={name} />}
        </>
      )}
    />
  );
}
