import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './lib/i18n.ts';
import { askWhoIsSignedIn } from './features/auth/session.tsx';
// The cascade in order: tokens and the base (layout, header), the shared widgets, then what App
// loads (components and features, each with its own stylesheet) overrides them.
import './app/styles.css';
import './app/widgets/buttons.css';
import './app/widgets/forms.css';
import './app/widgets/badges.css';
import './app/widgets/tables.css';
import './app/widgets/notices.css';
import './app/widgets/connection.css';
import './app/widgets/document-list.css';
import './app/widgets/editor-card.css';
import './app/widgets/plan-table.css';
import { App } from './app/App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Who is signed in is asked at once; the first render waits for the strings of the language spoken (one small chunk).
askWhoIsSignedIn();
void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
