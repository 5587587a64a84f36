import { DocKind, parseDocName, restoreMinutes, type Me } from '@dialogo/shared';
import { AttributionPanel } from '../features/attribution/AttributionPanel.tsx';
import { AuthorshipHighlights } from '../features/attribution/highlights.ts';
import { CommentsPanel } from '../features/comments/CommentsPanel.tsx';
import { CommentHighlights } from '../features/comments/highlights.ts';
import { EditorPage } from '../features/editor/EditorPage.tsx';
import { participantOf } from '../lib/participant.ts';
export { openCollabSessionEarly } from '../lib/use-collab-session.ts';
import { DocumentTools } from './DocumentTools.tsx';

/** Extensions the document tools need in the editor; one array, so the editor is not rebuilt. */
const EDITOR_EXTENSIONS = [CommentHighlights, AuthorshipHighlights];

/**
 * `/d/:name`: the editor with the tools other features add around it (comments, versions,
 * publishing). Its own module, loaded on first use: it brings Tiptap, ProseMirror and Yjs.
 */
export function DocumentRoute({ name, me }: { name: string; me: Me }) {
  return (
    <EditorPage
      name={name}
      participant={participantOf(me.person)}
      editorExtensions={EDITOR_EXTENSIONS}
      renderTools={(permissions, doc, editor) => (
        <>
          <AttributionPanel doc={doc} editor={editor} />
          <CommentsPanel name={name} editor={editor} />
          <DocumentTools
            name={name}
            doc={doc}
            canEdit={permissions.edit}
            canManage={permissions.manage}
            {...(parseDocName(name)?.kind === DocKind.minutes ? { restore: restoreMinutes } : {})}
          />
        </>
      )}
    />
  );
}
