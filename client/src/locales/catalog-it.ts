/** Every Italian string of the interface, by namespace (see resources.ts). */
import it from './it.json';
import actionPlanIt from '../features/action-plan/locales/it.json';
import historyIt from '../features/history/locales/it.json';
import commentsIt from '../features/comments/locales/it.json';
import notificationsIt from '../features/notifications/locales/it.json';
import attributionIt from '../features/attribution/locales/it.json';
import transferIt from '../features/transfer/locales/it.json';
import publishingIt from '../features/publishing/locales/it.json';
import pollsIt from '../features/polls/locales/it.json';
import proposalsIt from '../features/proposals/locales/it.json';
import networkIt from '../features/network/locales/it.json';
import peopleIt from '../features/people/locales/it.json';
import accountIt from '../features/account/locales/it.json';
import meetingsIt from '../features/meetings/locales/it.json';
import mailIt from '../features/mail/locales/it.json';
import editorIt from '../features/editor/locales/it.json';

export const catalog = {
  translation: it,
  publishing: publishingIt,
  actionPlan: actionPlanIt,
  history: historyIt,
  comments: commentsIt,
  notifications: notificationsIt,
  attribution: attributionIt,
  transfer: transferIt,
  polls: pollsIt,
  proposals: proposalsIt,
  network: networkIt,
  people: peopleIt,
  account: accountIt,
  meetings: meetingsIt,
  mail: mailIt,
  editor: editorIt,
} as const;
