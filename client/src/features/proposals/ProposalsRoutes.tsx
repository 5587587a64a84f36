import type { ReactNode } from 'react';
import { Route, Switch } from 'wouter';
import type * as Y from 'yjs';
import type { Me } from '@dialogo/shared';
import { NewProposalPage } from './NewProposalPage.tsx';
import { ProposalPage, type SectionEditorProps } from './ProposalPage.tsx';
import { ProposalsPage } from './ProposalsPage.tsx';
import './proposals.css';

/** Props of {@link ProposalsRoutes}: the app hands in the editor and the history panel of other features. */
export interface ProposalsRoutesProps {
  me: Me;
  renderEditor(props: SectionEditorProps): ReactNode;
  renderHistory(name: string, doc: Y.Doc, canEdit: boolean): ReactNode;
}

/** Everything under `/proposals` (nested routes: `/`, `/new`, `/:id`). */
export function ProposalsRoutes({ me, renderEditor, renderHistory }: ProposalsRoutesProps) {
  return (
    <Switch>
      <Route path="/">
        <ProposalsPage me={me} />
      </Route>
      <Route path="/new">
        <NewProposalPage me={me} />
      </Route>
      <Route path="/:id">{(params) => <ProposalPage key={params.id} id={params.id} me={me} renderEditor={renderEditor} renderHistory={renderHistory} />}</Route>
    </Switch>
  );
}


