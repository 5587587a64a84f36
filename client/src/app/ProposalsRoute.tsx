import { restoreProposal, type Me } from '@dialogo/shared';
import { CommentsPanel } from '../features/comments/CommentsPanel.tsx';
import { CommentHighlights } from '../features/comments/highlights.ts';
import { MinutesEditor } from '../features/editor/components/MinutesEditor.tsx';
import { HistoryPanel } from '../features/history/HistoryPanel.tsx';
import { ProposalsRoutes } from '../features/proposals/ProposalsRoutes.tsx';
import { participantOf } from '../lib/participant.ts';

/** Extensions the section editor needs for the comments; one array, so the editor is not rebuilt. */
const SECTION_EXTENSIONS = [CommentHighlights];

/**
 * `/proposals/*`: the proposals feature with the editor, the comment threads and the history panel
 * it borrows. Its own module, loaded on first use (it brings Tiptap, ProseMirror and Yjs).
 */
export function ProposalsRoute({ me }: { me: Me }) {
  return (
    <ProposalsRoutes
      me={me}
      renderEditor={(props) => <MinutesEditor {...props} extensions={SECTION_EXTENSIONS} user={participantOf(me.person)} />}
      renderComments={({ name, section, editor }) => <CommentsPanel name={name} section={section} editor={editor} headingLevel={4} />}
      renderHistory={(name, doc, canEdit) => <HistoryPanel name={name} doc={doc} canEdit={canEdit} restore={restoreProposal} />}
    />
  );
}
