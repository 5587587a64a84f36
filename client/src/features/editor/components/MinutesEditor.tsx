import { useMemo } from 'react';
import type { Editor, Extensions } from '@tiptap/core';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { DocShape } from '@dialogo/shared';
import type { Participant } from '../../../lib/participant.ts';
import { CollabEditor } from './CollabEditor.tsx';

/** Props of {@link MinutesEditor}. */
export interface MinutesEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Shown to the others on this participant's caret. */
  user: Participant;
  /** Accessible name of the editable area, e.g. "Minutes: Coordination meeting". */
  label: string;
  /** The person may read but not change it: no toolbar, no typing (the server refuses it too). */
  readOnly?: boolean;
  /** Extensions other features add (comment highlights...); read when the editor is made. */
  extensions?: Extensions;
  /** Hands the editor to the page, for tools that work on its text and selection. */
  onEditor?(editor: Editor | null): void;
  /**
   * The Y.XmlFragment to bind (a proposal binds one per section).
   * @default DocShape.body
   */
  field?: string;
  /** The text's limit (a proposal section's): a paste three times over it is asked about first. */
  limit?: { max: number; unit: 'words' | 'characters' };
  /**
   * `id` and `data-testid` of the editable area.
   * @default 'minutes-editor'
   */
  editorId?: string;
}

/**
 * The rich-text body of a document, bound to the `body` fragment of the shared Y.Doc (or another
 * one: a proposal binds one per section), with the full toolbar: a {@link CollabEditor}.
 */
export function MinutesEditor({
  doc,
  provider,
  user,
  label,
  readOnly = false,
  extensions,
  onEditor,
  field = DocShape.body,
  editorId = 'minutes-editor',
  limit,
}: MinutesEditorProps) {
  const fragment = useMemo(() => doc.getXmlFragment(field), [doc, field]);
  return (
    <CollabEditor
      fragment={fragment}
      provider={provider}
      user={user}
      label={label}
      readOnly={readOnly}
      extensions={extensions}
      editorId={editorId}
      testId={editorId}
      spellcheck
      limit={limit}
      onEditor={onEditor}
    />
  );
}
