import type { ReactNode } from 'react';
import { Route, Switch } from 'wouter';
import type * as Y from 'yjs';
import type { Me } from '@dialogo/shared';
import { NewProposalPage } from './NewProposalPage.tsx';
import { ProposalPage, type SectionCommentsProps, type SectionEditorProps } from './ProposalPage.tsx';
import { ProposalsPage } from './ProposalsPage.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import './proposals.css';

/** Props of {@link ProposalsRoutes}: the app hands in the editor, the comments and the history panel of other features. */
export interface ProposalsRoutesProps {
  me: Me;
  renderEditor(props: SectionEditorProps): ReactNode;
  renderComments(props: SectionCommentsProps): ReactNode;
  renderHistory(name: string, doc: Y.Doc, canEdit: boolean): ReactNode;
}

/** Everything under `/proposals` (nested routes: `/`, `/new`, `/settings`, `/:id`). */
export function ProposalsRoutes({ me, renderEditor, renderComments, renderHistory }: ProposalsRoutesProps) {
  return (
    <Switch>
      <Route path="/">
        <ProposalsPage />
      </Route>
      <Route path="/new">
        <NewProposalPage me={me} />
      </Route>
      <Route path="/settings">
        <SettingsPage />
      </Route>
      <Route path="/:id">
        {(params) => (
          <ProposalPage key={params.id} id={params.id} me={me} renderEditor={renderEditor} renderComments={renderComments} renderHistory={renderHistory} />
        )}
      </Route>
    </Switch>
  );
}
