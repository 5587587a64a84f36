import {
  daysLeft,
  networkToday,
  parseDocName,
  DocKind,
  proposalCities,
  type Language,
  type MailKind,
  type Meeting,
  type Poll,
  type Proposal,
} from '@dialogo/shared';
import type { Config } from '../config.ts';
import { formatDay } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Cities } from '../network/cities.ts';
import type { People, PersonRecord } from '../network/people.ts';
import { effectiveStatus, type Polls } from '../polls/service.ts';
import type { Proposals } from '../proposals/proposals.ts';
import type { Scheduler } from '../scheduler/index.ts';
import type { Mailer } from './mailer.ts';
import { meetingParticipants } from './messages.ts';
import type { MailContent } from './render.ts';
import { mailDateTime, mailText, type MailText } from './strings.ts';

const HOUR = 3_600_000;
/** A meeting's reminder goes this long before it starts. */
export const MEETING_REMINDER_MS = 24 * HOUR;
/** A poll's reminder goes this long before it closes. */
export const POLL_REMINDER_MS = 24 * HOUR;
/** A proposal's deadline reminder goes this many days before its deadline, in the morning (08:00 UTC: 09:00 or 10:00 in Rome). */
export const PROPOSAL_REMINDER_DAYS = 7;
const PROPOSAL_REMINDER_UTC_HOUR = 8;
/** Statuses in which a proposal is still being written: its deadline matters. */
const WRITING: readonly Proposal['status'][] = ['draft', 'in-review'];

const JOB = { meeting: 'meeting-reminder', poll: 'poll-reminder', proposal: 'proposal-deadline' } as const;
export const reminderKeys = {
  meeting: (id: string) => `reminder:meeting:${id}:24h`,
  poll: (id: string) => `reminder:poll:${id}:24h`,
  proposal: (id: string) => `reminder:proposal:${id}:7d`,
};

interface MeetingReminder {
  meetingId: string;
  startsAt: string;
  origin: string;
}
interface PollReminder {
  pollId: string;
  closesAt: string;
  origin: string;
}
interface ProposalReminder {
  proposalId: string;
  deadline: string;
  origin: string;
}

interface NoticeDeps {
  mailer: Mailer;
  scheduler: Scheduler;
  people: People;
  cities: Cities;
  polls: Polls;
  proposals: Proposals;
  meetings: Meetings;
  config: Pick<Config, 'PUBLIC_URL'>;
  logger: Logger;
}

/**
 * Reminders and notifications by mail (issue 21), each in its recipient's language with the
 * network's name, a link into Dialogo and its own unsubscribe kind:
 *
 * - `reminder`: a meeting's participants, 24 hours before it starts (moved with the meeting, dropped
 *   when it is cancelled);
 * - `poll`: a poll opened, and 24 hours before it closes, to the delegates of the cities that have
 *   not voted (per-person polls: to the people who have not);
 * - `proposal`: a proposal's status change, and its deadline 7 days ahead, to the delegates of its
 *   cities (the lead and the partners);
 * - `minutes`: a meeting's minutes approved or published, to its participants.
 *
 * What is timed is a job of the one {@link Scheduler}, keyed by what it reminds of, so scheduling
 * again replaces it. Every mail has an id made of the event and the recipient, so a job run again
 * after a crash records no second mail.
 */
export class MailNotices {
  constructor(private readonly deps: NoticeDeps) {
    deps.scheduler.handle<MeetingReminder>(JOB.meeting, (p) => this.meetingReminder(p));
    deps.scheduler.handle<PollReminder>(JOB.poll, (p) => this.pollReminder(p));
    deps.scheduler.handle<ProposalReminder>(JOB.proposal, (p) => this.proposalReminder(p));
  }

  /**
   * At start, with `PUBLIC_URL` set: the reminders of what exists (meetings to come, open polls,
   * proposals being written) are scheduled, so what was created before these reminders existed (or
   * whose job was lost) gets one. Scheduling an unchanged job again changes nothing.
   */
  async start(): Promise<void> {
    const origin = this.deps.config.PUBLIC_URL;
    if (!origin) return;
    const now = Date.now();
    for (const m of await this.deps.meetings.list())
      if (!m.cancelledAt && m.status === 'planned' && Date.parse(m.startsAt) > now) await this.meetingChanged(m, origin, { recover: true });
    for (const poll of await this.deps.polls.list()) if (poll.status === 'open' && poll.closesAt) await this.pollChanged(poll, origin, { recover: true });
    for (const p of await this.deps.proposals.list()) if (WRITING.includes(p.status)) await this.proposalChanged(p, origin);
  }

  private origin(requestOrigin: string): string {
    return this.deps.config.PUBLIC_URL ?? requestOrigin;
  }

  /** Runs `work`; a failure is logged, never thrown at the action that caused the mail. */
  private async safely(what: string, work: () => Promise<void>): Promise<void> {
    await work().catch((err: Error) => this.deps.logger.warn({ err: err.message, what }, 'mail notice failed'));
  }

  /**
   * Schedules a timed job at `runAt`. A time already past is scheduled only when it is the one the
   * job already has (it fell due while no instance ran: run it now), or, with `recoverSince` (when
   * what it reminds of was created or opened) no later than it, when there is no job at all (made
   * before reminders existed, or lost): it should have been scheduled, and runs now. Otherwise (a
   * meeting set up less than 24 hours ahead) the job is dropped.
   */
  private async scheduleAt(
    key: string,
    job: string,
    runAt: number,
    payload: object,
    { pastRuns = false, recoverSince }: { pastRuns?: boolean; recoverSince?: number } = {},
  ): Promise<void> {
    const { scheduler } = this.deps;
    if (runAt <= Date.now() && !pastRuns) {
      const stored = await scheduler.get(key);
      if (stored && !stored.done && stored.runAt === runAt) return;
      if (!stored && recoverSince !== undefined && recoverSince <= runAt) return scheduler.schedule(key, job, runAt, payload);
      return scheduler.cancel(key);
    }
    await scheduler.schedule(key, job, runAt, payload);
  }

  private async send(
    person: PersonRecord,
    mail: {
      id: string;
      kind: MailKind;
      origin: string;
      sender?: string;
      compose: (t: MailText, language: Language) => Omit<MailContent, 'unsubscribe' | 'network' | 'name'>;
    },
  ): Promise<void> {
    const network = (await this.deps.cities.network()).name;
    const t = mailText(person.language);
    const content = mail.compose(t, person.language);
    await this.deps.mailer.enqueue({
      id: `${mail.id}:${person.email}`,
      kind: mail.kind,
      to: { name: person.name, address: person.email },
      language: person.language,
      origin: mail.origin,
      ...(mail.sender ? { sender: mail.sender } : {}),
      content: { ...content, name: person.name, network },
    });
  }

  // Meetings ------------------------------------------------------------------------------------

  /** After a meeting is scheduled, changed or cancelled: its reminder follows its start, or goes. */
  async meetingChanged(m: Meeting, requestOrigin: string, { recover = false } = {}): Promise<void> {
    await this.safely('meeting reminder', async () => {
      const key = reminderKeys.meeting(m.id);
      if (m.cancelledAt || m.status !== 'planned') return this.deps.scheduler.cancel(key);
      const payload: MeetingReminder = { meetingId: m.id, startsAt: m.startsAt, origin: this.origin(requestOrigin) };
      await this.scheduleAt(key, JOB.meeting, Date.parse(m.startsAt) - MEETING_REMINDER_MS, payload, recover ? { recoverSince: Date.parse(m.createdAt) } : {});
    });
  }

  private async meetingReminder({ meetingId, startsAt, origin }: MeetingReminder): Promise<void> {
    const m = await this.deps.meetings.get(meetingId);
    // Moved (its new reminder is another job), cancelled, started, or already begun after an outage: nothing to remind of.
    if (!m || m.cancelledAt || m.status !== 'planned' || m.startsAt !== startsAt || Date.parse(startsAt) <= Date.now()) return;
    const cityNames = new Map((await this.deps.cities.list()).map((c) => [c.id, c.name]));
    const where = [m.place, m.hostCityId ? (cityNames.get(m.hostCityId) ?? '') : ''].filter(Boolean).join(', ');
    const network = (await this.deps.cities.network()).name;
    for (const person of meetingParticipants(m, await this.deps.people.list())) {
      await this.send(person, {
        id: `reminder:meeting:${m.id}:${startsAt}`,
        kind: 'reminder',
        origin,
        compose: (t, language) => {
          const when = mailDateTime(m.startsAt, language);
          return {
            subject: t('reminder.meetingSubject', { title: m.title, when }),
            paragraphs: [
              t('reminder.meeting', { title: m.title, network, when }),
              ...(where ? [t('meeting.where', { where })] : []),
              ...(m.onlineUrl ? [t('meeting.online', { url: m.onlineUrl })] : []),
            ],
            action: { label: t('open'), url: `${origin}/meetings/${m.id}` },
          };
        },
      });
    }
  }

  // Polls ---------------------------------------------------------------------------------------

  /** Who has not voted in a poll: per-city polls, the delegates of the cities without a ballot (with their city); per-person polls, the people. */
  private async notVoted(poll: Poll): Promise<Array<{ person: PersonRecord; city?: string }>> {
    const [ballots, people] = await Promise.all([this.deps.polls.ballots(poll.id), this.deps.people.list()]);
    const voted = new Set(ballots.map((b) => b.voter));
    const eligible = await this.deps.polls.eligible(poll);
    const waiting = eligible.filter((e) => !voted.has(e.id));
    const active = people.filter((p) => !p.archived);
    if (poll.settings.ballot === 'city') {
      return waiting.flatMap((city) => active.filter((p) => p.role === 'delegate' && p.cityId === city.id).map((person) => ({ person, city: city.name })));
    }
    const ids = new Set(waiting.map((e) => e.id));
    return active.filter((p) => ids.has(p.id)).map((person) => ({ person }));
  }

  private pollParagraphs(t: MailText, poll: Poll, city: string | undefined, language: Language): string[] {
    return [
      poll.question,
      ...(poll.description ? [poll.description] : []),
      poll.settings.ballot === 'city' ? t('poll.perCity', { city: city ?? '' }) : t('poll.perPerson'),
      ...(poll.closesAt ? [t('poll.closes', { when: mailDateTime(poll.closesAt, language) })] : []),
    ];
  }

  /** A poll was opened (once per opening): those who may vote and have not are told; its reminder is scheduled. */
  async pollOpened(poll: Poll, by: PersonRecord, requestOrigin: string): Promise<void> {
    await this.safely('poll opened', async () => {
      if (effectiveStatus(poll) !== 'open') return;
      const origin = this.origin(requestOrigin);
      const network = (await this.deps.cities.network()).name;
      for (const { person, city } of await this.notVoted(poll)) {
        await this.send(person, {
          id: `poll-opened:${poll.id}:${poll.openedAt ?? ''}`,
          kind: 'poll',
          origin,
          sender: by.id,
          compose: (t, language) => ({
            subject: t('poll.openedSubject', { question: poll.question }),
            paragraphs: [t('poll.opened', { network }), ...this.pollParagraphs(t, poll, city, language)],
            action: { label: t('poll.action'), url: `${origin}/polls/${poll.id}` },
          }),
        });
      }
    });
    await this.pollChanged(poll, requestOrigin);
  }

  /** After a poll opens, closes or changes its closing time: its reminder follows the closing time, or goes. */
  async pollChanged(poll: Poll, requestOrigin: string, { recover = false } = {}): Promise<void> {
    await this.safely('poll reminder', async () => {
      const key = reminderKeys.poll(poll.id);
      if (poll.status !== 'open' || !poll.closesAt) return this.deps.scheduler.cancel(key);
      const payload: PollReminder = { pollId: poll.id, closesAt: poll.closesAt, origin: this.origin(requestOrigin) };
      await this.scheduleAt(
        key,
        JOB.poll,
        Date.parse(poll.closesAt) - POLL_REMINDER_MS,
        payload,
        recover && poll.openedAt ? { recoverSince: Date.parse(poll.openedAt) } : {},
      );
    });
  }

  private async pollReminder({ pollId, closesAt, origin }: PollReminder): Promise<void> {
    const poll = await this.deps.polls.get(pollId);
    if (!poll || poll.closesAt !== closesAt || effectiveStatus(poll) !== 'open') return;
    for (const { person, city } of await this.notVoted(poll)) {
      await this.send(person, {
        id: `reminder:poll:${poll.id}:${closesAt}`,
        kind: 'poll',
        origin,
        compose: (t, language) => {
          const when = mailDateTime(closesAt, language);
          return {
            subject: city ? t('poll.reminderSubjectCity', { city, question: poll.question }) : t('poll.reminderSubjectPerson', { question: poll.question }),
            paragraphs: [city ? t('poll.reminderCity', { question: poll.question, when, city }) : t('poll.reminderPerson', { question: poll.question, when })],
            action: { label: t('poll.action'), url: `${origin}/polls/${poll.id}` },
          };
        },
      });
    }
  }

  // Proposals -----------------------------------------------------------------------------------

  private async proposalDelegates(p: Proposal): Promise<PersonRecord[]> {
    const cities = new Set(proposalCities(p));
    return (await this.deps.people.list()).filter((person) => !person.archived && person.role === 'delegate' && !!person.cityId && cities.has(person.cityId));
  }

  /** A proposal moved from one status to another: the delegates of its cities are told. */
  async proposalStatusChanged(before: Proposal, after: Proposal, by: PersonRecord, requestOrigin: string): Promise<void> {
    await this.safely('proposal status', async () => {
      if (before.status === after.status) return;
      const origin = this.origin(requestOrigin);
      for (const person of await this.proposalDelegates(after)) {
        await this.send(person, {
          id: `proposal-status:${after.id}:${after.statusChangedAt ?? ''}:${after.status}`,
          kind: 'proposal',
          origin,
          sender: by.id,
          compose: (t) => {
            const status = t(`proposal.statuses.${after.status}`);
            return {
              subject: t('proposal.statusSubject', { title: after.title, status }),
              paragraphs: [t('proposal.status', { by: by.name, title: after.title, from: t(`proposal.statuses.${before.status}`), status })],
              action: { label: t('open'), url: `${origin}/proposals/${after.id}` },
            };
          },
        });
      }
    });
    await this.proposalChanged(after, requestOrigin);
  }

  /**
   * After a proposal is created or changed: its deadline reminder is due 7 days before the deadline
   * (at once when that day has already come), while it is being written; none once it is submitted
   * or decided, or its deadline has passed.
   */
  async proposalChanged(p: Proposal, requestOrigin: string): Promise<void> {
    await this.safely('proposal deadline', async () => {
      const key = reminderKeys.proposal(p.id);
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.deadline);
      if (!m || !WRITING.includes(p.status) || daysLeft(p.deadline, networkToday()) < 0) return this.deps.scheduler.cancel(key);
      const runAt = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) - PROPOSAL_REMINDER_DAYS, PROPOSAL_REMINDER_UTC_HOUR);
      const payload: ProposalReminder = { proposalId: p.id, deadline: p.deadline, origin: this.origin(requestOrigin) };
      await this.scheduleAt(key, JOB.proposal, runAt, payload, { pastRuns: true });
    });
  }

  private async proposalReminder({ proposalId, deadline, origin }: ProposalReminder): Promise<void> {
    const p = await this.deps.proposals.get(proposalId);
    if (!p || p.deadline !== deadline || !WRITING.includes(p.status)) return;
    const days = daysLeft(deadline, networkToday());
    if (days < 0) return;
    for (const person of await this.proposalDelegates(p)) {
      await this.send(person, {
        id: `proposal-deadline:${p.id}:${deadline}`,
        kind: 'proposal',
        origin,
        compose: (t, language) => ({
          subject: t('proposal.deadlineSubject', { count: days, title: p.title }),
          paragraphs: [
            t('proposal.deadline', { title: p.title, call: p.call, deadline: formatDay(deadline, language) }),
            t('proposal.currentStatus', { status: t(`proposal.statuses.${p.status}`) }),
          ],
          action: { label: t('open'), url: `${origin}/proposals/${p.id}` },
        }),
      });
    }
  }

  // Minutes -------------------------------------------------------------------------------------

  private async minutesMail(m: Meeting, event: 'approved' | 'published', at: string, by: { id: string; name: string }, requestOrigin: string): Promise<void> {
    const origin = this.origin(requestOrigin);
    for (const person of meetingParticipants(m, await this.deps.people.list())) {
      await this.send(person, {
        id: `minutes-${event}:${m.id}:${at}`,
        kind: 'minutes',
        origin,
        sender: by.id,
        compose: (t, language) => ({
          subject: t(`minutes.${event}Subject`, { title: m.title }),
          paragraphs: [t(`minutes.${event}`, { by: by.name, title: m.title, when: mailDateTime(m.startsAt, language) })],
          action: { label: t('open'), url: `${origin}/meetings/${m.id}` },
        }),
      });
    }
  }

  /** A meeting's minutes were approved: its participants are told. */
  async minutesApproved(m: Meeting, by: { id: string; name: string }, requestOrigin: string): Promise<void> {
    await this.safely('minutes approved', async () => {
      if (m.minutesStatus !== 'approved' || !m.approvedAt) return;
      await this.minutesMail(m, 'approved', m.approvedAt, by, requestOrigin);
    });
  }

  /** A document was published: when it is a meeting's minutes, the meeting's participants are told. */
  async documentPublished(docName: string, publishedAt: string, by: { id: string; name: string }, requestOrigin: string): Promise<void> {
    await this.safely('minutes published', async () => {
      const parsed = parseDocName(docName);
      if (!parsed || parsed.kind !== DocKind.minutes) return;
      const m = await this.deps.meetings.get(parsed.id);
      if (m) await this.minutesMail(m, 'published', publishedAt, by, requestOrigin);
    });
  }
}
