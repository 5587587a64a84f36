import { restoreProposal, type Me } from '@dialogo/shared';
import { MinutesEditor } from '../features/editor/components/MinutesEditor.tsx';
import { HistoryPanel } from '../features/history/HistoryPanel.tsx';
import { ProposalsRoutes } from '../features/proposals/ProposalsRoutes.tsx';
import { participantOf } from '../lib/participant.ts';

/**
 * `/proposals/*`: the proposals feature with the editor and the history panel it borrows. Its own
 * module, loaded on first use (it brings Tiptap, ProseMirror and Yjs).
 */
export function ProposalsRoute({ me }: { me: Me }) {
  return (
    <ProposalsRoutes
      me={me}
      renderEditor={(props) => <MinutesEditor {...props} user={participantOf(me.person)} />}
      renderHistory={(name, doc, canEdit) => <HistoryPanel name={name} doc={doc} canEdit={canEdit} restore={restoreProposal} />}
    />
  );
}
