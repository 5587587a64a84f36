/**
 * Every translation, by namespace. `translation` holds the app's shared strings (header, errors,
 * fields); each feature keeps its own strings next to its code (`features/<name>/locales/`) and
 * registers them here under its name, read with `useTranslation('<name>')`.
 */
import en from './en.json';
import it from './it.json';
import actionPlanEn from '../features/action-plan/locales/en.json';
import actionPlanIt from '../features/action-plan/locales/it.json';
import historyEn from '../features/history/locales/en.json';
import historyIt from '../features/history/locales/it.json';
import commentsEn from '../features/comments/locales/en.json';
import commentsIt from '../features/comments/locales/it.json';
import notificationsEn from '../features/notifications/locales/en.json';
import notificationsIt from '../features/notifications/locales/it.json';
import attributionEn from '../features/attribution/locales/en.json';
import attributionIt from '../features/attribution/locales/it.json';
import transferEn from '../features/transfer/locales/en.json';
import transferIt from '../features/transfer/locales/it.json';
import publishingEn from '../features/publishing/locales/en.json';
import publishingIt from '../features/publishing/locales/it.json';
import pollsEn from '../features/polls/locales/en.json';
import pollsIt from '../features/polls/locales/it.json';
import proposalsEn from '../features/proposals/locales/en.json';
import proposalsIt from '../features/proposals/locales/it.json';
import networkEn from '../features/network/locales/en.json';
import networkIt from '../features/network/locales/it.json';
import peopleEn from '../features/people/locales/en.json';
import peopleIt from '../features/people/locales/it.json';
import accountEn from '../features/account/locales/en.json';
import accountIt from '../features/account/locales/it.json';
import meetingsEn from '../features/meetings/locales/en.json';
import meetingsIt from '../features/meetings/locales/it.json';
import mailEn from '../features/mail/locales/en.json';
import mailIt from '../features/mail/locales/it.json';
import editorEn from '../features/editor/locales/en.json';
import editorIt from '../features/editor/locales/it.json';

export const resources = {
  en: {
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
  },
  it: {
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
  },
} as const;

// Both languages must have the same namespaces and keys: a missing translation is a compile error.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
const sameKeys: SameKeys<Shape<(typeof resources)['en']>, Shape<(typeof resources)['it']>> = true;
void sameKeys;
