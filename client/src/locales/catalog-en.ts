/** Every English string of the interface, by namespace (see resources.ts). */
import en from './en.json';
import actionPlanEn from '../features/action-plan/locales/en.json';
import historyEn from '../features/history/locales/en.json';
import commentsEn from '../features/comments/locales/en.json';
import notificationsEn from '../features/notifications/locales/en.json';
import attributionEn from '../features/attribution/locales/en.json';
import transferEn from '../features/transfer/locales/en.json';
import publishingEn from '../features/publishing/locales/en.json';
import pollsEn from '../features/polls/locales/en.json';
import proposalsEn from '../features/proposals/locales/en.json';
import networkEn from '../features/network/locales/en.json';
import peopleEn from '../features/people/locales/en.json';
import accountEn from '../features/account/locales/en.json';
import meetingsEn from '../features/meetings/locales/en.json';
import mailEn from '../features/mail/locales/en.json';
import editorEn from '../features/editor/locales/en.json';

export const catalog = {
  translation: en,
  publishing: publishingEn,
  actionPlan: actionPlanEn,
  history: historyEn,
  comments: commentsEn,
  notifications: notificationsEn,
  attribution: attributionEn,
  transfer: transferEn,
  polls: pollsEn,
  proposals: proposalsEn,
  network: networkEn,
  people: peopleEn,
  account: accountEn,
  meetings: meetingsEn,
  mail: mailEn,
  editor: editorEn,
} as const;
