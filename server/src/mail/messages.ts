import { createHash } from 'node:crypto';
import type { Invite, Language, Meeting, Notification } from '@dialogo/shared';
import type { Config } from '../config.ts';
import { meetingInviteIcs } from './meeting-ics.ts';
import type { Cities } from '../network/cities.ts';
import type { People, PersonRecord } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { parseAddress, type Mailer } from './mailer.ts';
import { mailDateTime, mailText } from './strings.ts';

const hash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 24);
const MEETING_MAIL = 'mail-meeting';
const DIGESTS = 'mail-digests';
/** Mentions kept for one digest; older ones beyond it are summed up by the notifications list. */
const DIGEST_ITEMS = 50;

/** What was last told to a meeting's participants: the SEQUENCE of its calendar event and to whom. */
interface MeetingMailState {
  sequence: number;
  /** Addresses that received the last REQUEST (so one taken off the participants gets a CANCEL). */
  told: string[];
  /** The fields the last mail carried, to tell a real change from an edit of the notes. */
  fingerprint: string;
  cancelled?: boolean;
}

interface DigestItem {
  id: string;
  by: string;
  docTitle: string;
  doc: string;
  excerpt: string;
  at: string;
}

interface DigestState {
  personId: string;
  items: DigestItem[];
  /** Number of the next digest: part of its mail id, so two instances flushing at once record one mail. */
  seq: number;
  lastSentAt: number;
  origin: string;
}

/** The people a meeting is for: its listed people and the delegates of its cities; everyone when it lists none. */
export function meetingParticipants(m: Pick<Meeting, 'participants'>, all: readonly PersonRecord[]): PersonRecord[] {
  const everyone = all.filter((p) => !p.archived);
  const { cities, people } = m.participants;
  if (cities.length === 0 && people.length === 0) return everyone;
  return everyone.filter((p) => people.includes(p.id) || (p.cityId !== undefined && cities.includes(p.cityId)));
}

/**
 * The messages Dialogo mails, each composed in its recipient's language with the network's name
 * and a link into Dialogo, and handed to the one pipeline ({@link Mailer}).
 */
export class MailMessages {
  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer,
    private readonly people: People,
    private readonly cities: Cities,
    private readonly config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM' | 'MAIL_DIGEST_MINUTES'>,
  ) {
    mailer.periodic.push(() => this.flushDigests());
  }

  private origin(requestOrigin: string): string {
    return this.config.PUBLIC_URL ?? requestOrigin;
  }

  private async networkName(): Promise<string> {
    return (await this.cities.network()).name;
  }

  /** An invitation with an address: mailed to it (the coordinator still sees the link). */
  async invitation(invite: Invite, inviter: PersonRecord, requestOrigin: string): Promise<void> {
    if (!invite.email || !invite.url) return;
    const language: Language = invite.language ?? inviter.language;
    const t = mailText(language);
    const network = await this.networkName();
    const city = invite.cityId ? ((await this.cities.get(invite.cityId))?.name ?? '') : '';
    await this.mailer.enqueue({
      id: `invitation:${invite.id}:${invite.email}`,
      kind: 'invitation',
      to: { name: invite.name ?? '', address: invite.email },
      language,
      sender: inviter.id,
      origin: this.origin(requestOrigin),
      secrets: [invite.url],
      content: {
        subject: t('invitation.subject', { network }),
        name: invite.name,
        network,
        paragraphs: [
          t('invitation.body', { inviter: inviter.name, network, role: t(`roles.${invite.role}`, { city }) }),
          t('invitation.expires', { expires: mailDateTime(invite.expiresAt, language) }),
        ],
        action: { label: t('invitation.action'), url: invite.url },
      },
    });
  }

  /** A password-reset link, mailed to its person (the coordinator who issued it still sees it). */
  async passwordReset(personId: string, reset: { url: string; expiresAt: string }, by: PersonRecord, requestOrigin: string): Promise<void> {
    const person = await this.people.get(personId);
    if (!person || person.archived) return;
    const t = mailText(person.language);
    const network = await this.networkName();
    await this.mailer.enqueue({
      id: `password-reset:${hash(reset.url)}:${person.email}`,
      kind: 'password-reset',
      to: { name: person.name, address: person.email },
      language: person.language,
      sender: by.id,
      origin: this.origin(requestOrigin),
      secrets: [reset.url],
      content: {
        subject: t('reset.subject'),
        name: person.name,
        network,
        paragraphs: [t('reset.body', { network, email: person.email }), t('reset.expires', { expires: mailDateTime(reset.expiresAt, person.language) })],
        action: { label: t('reset.action'), url: reset.url },
      },
    });
  }

  private async participantsOf(m: Meeting): Promise<PersonRecord[]> {
    return meetingParticipants(m, await this.people.list());
  }

  /**
   * Tells a meeting's participants that it was scheduled, changed (its title, time, place or
   * participants) or cancelled, each with a calendar invitation: `METHOD:REQUEST` or `CANCEL`,
   * the meeting's stable UID and a SEQUENCE one higher than the last one sent.
   */
  async meeting(m: Meeting, by: PersonRecord, requestOrigin: string): Promise<void> {
    const recipients = m.cancelledAt ? [] : await this.participantsOf(m);
    const addresses = recipients.map((p) => p.email);
    const fingerprint = JSON.stringify([m.title, m.startsAt, m.endsAt, m.place, m.onlineUrl, m.hostCityId, [...addresses].sort(), !!m.cancelledAt]);
    let previous: MeetingMailState | undefined;
    const state = await this.store.records.update<MeetingMailState>(MEETING_MAIL, m.id, (current) => {
      previous = current;
      if (current?.cancelled) return undefined;
      if (current && current.fingerprint === fingerprint) return undefined;
      return {
        sequence: current ? current.sequence + 1 : 0,
        told: m.cancelledAt ? (current?.told ?? []) : addresses,
        fingerprint,
        ...(m.cancelledAt ? { cancelled: true } : {}),
      };
    });
    if (!state) return;
    const wasTold = new Set(previous?.told ?? []);
    const network = await this.networkName();
    const cityNames = new Map((await this.cities.list()).map((c) => [c.id, c.name]));
    const origin = this.origin(requestOrigin);
    const organizer = parseAddress(this.config.MAIL_FROM);
    const sends: Array<{
      person: PersonRecord | { name: string; email: string; language: Language };
      method: 'REQUEST' | 'CANCEL';
      change: 'new' | 'changed' | 'cancelled';
    }> = [];
    if (m.cancelledAt) {
      for (const email of wasTold) {
        const person = (await this.people.byEmail(email)) ?? { name: '', email, language: by.language };
        sends.push({ person, method: 'CANCEL', change: 'cancelled' });
      }
    } else {
      for (const p of recipients) sends.push({ person: p, method: 'REQUEST', change: wasTold.has(p.email) ? 'changed' : 'new' });
      for (const email of wasTold) {
        if (addresses.includes(email)) continue;
        const person = (await this.people.byEmail(email)) ?? { name: '', email, language: by.language };
        sends.push({ person, method: 'CANCEL', change: 'cancelled' });
      }
    }
    for (const { person, method, change } of sends) {
      const language = person.language;
      const t = mailText(language);
      const when = mailDateTime(m.startsAt, language);
      const where = [m.place, m.hostCityId ? (cityNames.get(m.hostCityId) ?? '') : ''].filter(Boolean).join(', ');
      const subjectKey = change === 'new' ? 'meeting.subjectNew' : change === 'changed' ? 'meeting.subjectChanged' : 'meeting.subjectCancelled';
      await this.mailer.enqueue({
        id: `meeting:${m.id}:${state.sequence}:${person.email}`,
        kind: 'meeting',
        to: { name: person.name, address: person.email },
        language,
        sender: by.id,
        origin,
        calendar: {
          method,
          content: meetingInviteIcs(m, {
            calendarName: network,
            origin,
            cityNames,
            method,
            sequence: state.sequence,
            organizer: { name: organizer.name || network, email: organizer.address },
            attendee: { name: person.name, email: person.email },
          }),
        },
        content: {
          subject: t(subjectKey, { title: m.title, when }),
          name: person.name,
          network,
          paragraphs: [
            t(`meeting.${change}`, { network }),
            m.title,
            t('meeting.when', { when }),
            ...(where ? [t('meeting.where', { where })] : []),
            ...(m.onlineUrl && change !== 'cancelled' ? [t('meeting.online', { url: m.onlineUrl })] : []),
            t('meeting.calendar'),
          ],
          action: { label: t('open'), url: `${origin}/meetings/${m.id}` },
        },
      });
    }
  }

  /** A mention joins its person's next digest (at most one mail per MAIL_DIGEST_MINUTES). */
  async mentioned(personId: string, n: Notification, requestOrigin: string): Promise<void> {
    const item: DigestItem = { id: n.id, by: n.by.name, doc: n.doc, docTitle: n.docTitle, excerpt: n.excerpt, at: n.createdAt };
    await this.store.records.update<DigestState>(DIGESTS, personId, (current) => ({
      personId,
      items: [...(current?.items ?? []), item].slice(-DIGEST_ITEMS),
      seq: current?.seq ?? 0,
      lastSentAt: current?.lastSentAt ?? 0,
      origin: this.origin(requestOrigin),
    }));
    this.mailer.kick();
  }

  /**
   * Digests that are due: recorded under `mention-digest:<person>:<seq>` first (so instances
   * flushing at the same time record one), then the mentions they carry are taken off.
   */
  private async flushDigests(): Promise<void> {
    const every = this.config.MAIL_DIGEST_MINUTES * 60_000;
    const now = Date.now();
    const due = (await this.store.records.list<DigestState>(DIGESTS)).filter((d) => d.items.length > 0 && now - d.lastSentAt >= every);
    for (const digest of due) {
      const person = await this.people.get(digest.personId);
      if (person && !person.archived) {
        const t = mailText(person.language);
        const network = await this.networkName();
        await this.mailer.enqueue({
          id: `mention-digest:${person.id}:${digest.seq}`,
          kind: 'mention',
          to: { name: person.name, address: person.email },
          language: person.language,
          origin: digest.origin,
          content: {
            subject: t('mention.subject', { network }),
            name: person.name,
            network,
            paragraphs: [
              t('mention.intro'),
              ...digest.items.flatMap((i) => [
                t('mention.item', { by: i.by, doc: i.docTitle }),
                { quote: i.excerpt },
                `${digest.origin}/d/${encodeURIComponent(i.doc)}`,
              ]),
            ],
            action: { label: t('open'), url: digest.origin },
          },
        });
      }
      const sent = new Set(digest.items.map((i) => i.id));
      await this.store.records.update<DigestState>(DIGESTS, digest.personId, (current) =>
        current && current.seq === digest.seq
          ? { ...current, items: current.items.filter((i) => !sent.has(i.id)), seq: current.seq + 1, lastSentAt: now }
          : undefined,
      );
    }
  }
}
