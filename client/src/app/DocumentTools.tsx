import type * as Y from 'yjs';
import { HistoryPanel, type HistoryPanelProps } from '../features/history/HistoryPanel.tsx';
import { PublishPanel } from '../features/publishing/PublishPanel.tsx';
import { ExportPanel } from '../features/transfer/ExportPanel.tsx';

/** Versions, export and (for those who manage it) publishing of one document: the same set wherever a document is edited. */
export function DocumentTools({
  name,
  doc,
  canEdit,
  canManage,
  restore,
}: {
  name: string;
  doc: Y.Doc;
  canEdit: boolean;
  canManage: boolean;
  restore?: HistoryPanelProps['restore'];
}) {
  return (
    <>
      <HistoryPanel name={name} doc={doc} canEdit={canEdit} {...(restore ? { restore } : {})} />
      <ExportPanel name={name} />
      {canManage && <PublishPanel name={name} />}
    </>
  );
}
