import { restoreMinutes } from '@dialogo/shared';
import { HistoryPanel } from '../features/history/HistoryPanel.tsx';
import { RoomPage } from '../features/meetings/RoomPage.tsx';
import { PublishPanel } from '../features/publishing/PublishPanel.tsx';
import { ExportPanel } from '../features/transfer/ExportPanel.tsx';

/**
 * `/meetings/:id/room`: the live room with the minutes' versions, export and publishing under
 * them. Its own module, loaded on first use (it brings Tiptap, ProseMirror and Yjs).
 */
export function RoomRoute({ id }: { id: string }) {
  return (
    <RoomPage
      id={id}
      renderMinutesTools={(name, doc, permissions) => (
        <>
          <HistoryPanel name={name} doc={doc} canEdit={permissions.edit} restore={restoreMinutes} />
          <ExportPanel name={name} />
          {permissions.manage && <PublishPanel name={name} />}
        </>
      )}
    />
  );
}
