import { Auth } from './auth/index.ts';
import type { Config } from './config.ts';
import { Versions } from './history/versions.ts';
import type { Logger } from './logger.ts';
import { Catalog } from './documents/catalog.ts';
import { DocActivity } from './documents/activity.ts';
import { CommentThreads } from './comments/threads.ts';
import { Notifications } from './comments/notifications.ts';
import { Mentions } from './comments/mentions.ts';
import { SuggestionDecisions } from './comments/suggestion-decisions.ts';
import { ProposalCommentImport } from './comments/proposal-import.ts';
import { Mailer } from './mail/mailer.ts';
import { MailMessages } from './mail/messages.ts';
import { MailNotices } from './mail/notices.ts';
import { MailPreferencesStore } from './mail/preferences.ts';
import { Cities } from './network/cities.ts';
import { Invitations } from './network/invites.ts';
import { Meetings } from './meetings/meetings.ts';
import { People } from './network/people.ts';
import { Polls } from './polls/service.ts';
import { DomainEvents } from './ports/domain-events.ts';
import { ClientOwners } from './collab/client-owners.ts';
import { createLiveDocs } from './collab/live-docs.ts';
import type { DocRegistry } from './collab/registry.ts';
import { Proposals } from './proposals/proposals.ts';
import { Publications } from './publishing/publications.ts';
import { Scheduler } from './scheduler/index.ts';
import type { Store } from './store/index.ts';

const HOUR = 3_600_000;

/**
 * The network's domain services over one store; HTTP, collab and live all use these. `registry` holds
 * the live documents: services read and write them through the `liveDocs` built here on it.
 */
export function createServices(store: Store, config: Config, logger: Logger, registry: DocRegistry) {
  // The one channel of domain events: services emit, the transports and other services subscribe.
  const events = new DomainEvents((event, err) => logger.error({ err: err.message, event }, 'domain event handler failed'));
  const people = new People(store, events);
  const cities = new Cities(store, people);
  const catalog = new Catalog(store, events);
  // The one way services read and write documents (ports/live-docs.ts).
  const liveDocs = createLiveDocs({ store, registry, catalog, logger });
  const comments = new CommentThreads(store);
  const mailPreferences = new MailPreferencesStore(store.records);
  const mailer = new Mailer(store, mailPreferences, config, logger.child({ module: 'mail' }));
  const mail = new MailMessages(store, mailer, people, cities, config);
  // The one scheduler of timed work (poll closing, reminders): durable in the store, run once over all instances.
  const scheduler = new Scheduler(store.records, logger.child({ module: 'scheduler' }), { pollMs: config.SCHEDULER_POLL_MS });
  const polls = new Polls(store, people, cities, logger.child({ module: 'polls' }), scheduler, events);
  const proposals = new Proposals(store, catalog, cities);
  const meetings = new Meetings(store, catalog, liveDocs);
  const notices = new MailNotices({ mailer, scheduler, people, cities, polls, proposals, meetings, config, logger: logger.child({ module: 'mail' }) });
  const notifications = new Notifications(store, events);
  // A mention also joins its person's next mail digest.
  events.on('notification.created', ({ personId, notification, origin }) => mail.mentioned(personId, notification, origin));
  const mentions = new Mentions(catalog, people, notifications);
  // `@Name` typed in a document: the server read it from the person's own stored update.
  events.on('document.mentioned', ({ name, by, mentions: added, origin }) =>
    mentions
      .inText(name, by, added, config.PUBLIC_URL ?? origin ?? '')
      .catch((err: Error) => logger.warn({ err: err.message, docName: name }, 'telling mentioned people failed')),
  );
  const versions = new Versions(
    store,
    liveDocs,
    { idleMs: config.VERSION_IDLE_MS, maxIntervalMs: config.VERSION_MAX_INTERVAL_MS },
    logger.child({ module: 'history' }),
    events,
  );
  const activity = new DocActivity(store);
  events.on('document.stored', ({ name, writers }) => {
    versions.noteChange(name, writers);
    activity.note(name);
  });
  return {
    events,
    liveDocs,
    people,
    cities,
    comments,
    // Who wrote with which Yjs client id: the import names a comment's author from it.
    commentImport: new ProposalCommentImport(store, liveDocs, comments, people, new ClientOwners(store.records, async () => null)),
    notifications,
    mentions,
    suggestionDecisions: new SuggestionDecisions(store, people),
    mailer,
    mailPreferences,
    mail,
    notices,
    scheduler,
    catalog,
    activity,
    polls,
    proposals,
    meetings,
    publications: new Publications(store),
    versions,
    invitations: new Invitations(store, people, cities, {
      inviteMs: config.INVITE_TTL_HOURS * HOUR,
      resetMs: config.RESET_TTL_HOURS * HOUR,
    }),
    auth: new Auth(store.expiring, people, {
      sessionTtlMs: config.SESSION_TTL_HOURS * HOUR,
      throttle: {
        perAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowMs: config.LOGIN_WINDOW_MINUTES * 60_000,
      },
    }),
  };
}
export type Services = ReturnType<typeof createServices>;
