import { restoreMinutes } from '@dialogo/shared';
import { RoomPage } from '../features/meetings/RoomPage.tsx';
import { DocumentTools } from './DocumentTools.tsx';

/**
 * `/meetings/:id/room`: the live room with the minutes' versions, export and publishing under
 * them. Its own module, loaded on first use (it brings Tiptap, ProseMirror and Yjs).
 */
export function RoomRoute({ id }: { id: string }) {
  return (
    <RoomPage
      id={id}
      renderMinutesTools={(name, doc, permissions) => (
        <DocumentTools name={name} doc={doc} canEdit={permissions.edit} canManage={permissions.manage} restore={restoreMinutes} />
      )}
    />
  );
}
