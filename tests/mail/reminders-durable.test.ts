import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { removeDataDir, startServer, type TestServer } from '../helpers/server.ts';
import { api, createCity, createMember } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { mailsTo, startSmtp, type TestSmtp } from './smtp.ts';

/**
 * The scheduler's promises, seen from the mailbox: a reminder is sent exactly once with two
 * instances on one Redis racing for it, and a restart neither skips one that fell due while the
 * server was down nor sends one again.
 */
const PUBLIC_URL = 'https://dialogo.example.org';
const DAY = 24 * 3_600_000;
const servers: TestServer[] = [];
const smtps: TestSmtp[] = [];
const prefixes: string[] = [];
const dataDirs: string[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(smtps.map((s) => s.stop()));
  for (const p of prefixes) await deletePrefix(p);
  for (const d of dataDirs) removeDataDir(d);
});

/** A network with three delegates (in Italian and English), each a participant of every meeting. */
async function network(server: TestServer) {
  const cookie = await server.adminCookie();
  await api(server.url, '/api/network', { method: 'PATCH', cookie, json: { name: 'Città del Dialogo', language: 'it' } });
  const city = await createCity(server.url, cookie, 'Reggio Emilia');
  const people = [];
  for (const [i, language] of (['it', 'en', 'it'] as const).entries()) {
    people.push(
      (await createMember(server.url, cookie, { role: 'delegate', cityId: city, name: `Delegate ${i}`, email: `delegate${i}@reggio.example`, language }))
        .person,
    );
  }
  return { cookie, city, addresses: people.map((p) => p.email) };
}

async function meeting(server: TestServer, cookie: string, title: string, startsAt: number, cityId: string) {
  const res = await api(server.url, '/api/meetings', {
    method: 'POST',
    cookie,
    json: {
      title,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      participants: { cities: [cityId], people: [] },
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { meeting: { id: string } }).meeting;
}

const reminders = (smtp: TestSmtp, address: string, title: string) =>
  mailsTo(smtp, address).filter((m) => new RegExp(`^(Domani|Tomorrow): ${title},`).test(m.subject ?? ''));
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

describe('reminders are durable', () => {
  it('two instances on one Redis send each reminder exactly once', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const prefix = uniquePrefix('remind');
    prefixes.push(prefix);
    // Both instances look for due jobs every 50 ms: they race for every one.
    const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '100', SCHEDULER_POLL_MS: '50' };
    const a = await startServer({ store: 'redis', prefix, env });
    const b = await startServer({ store: 'redis', prefix, env });
    servers.push(a, b);
    const { cookie, city, addresses } = await network(a);
    const now = Date.now();
    // Several meetings, scheduled from either instance, falling due together.
    const titles = ['Meeting A', 'Meeting B', 'Meeting C', 'Meeting D'];
    for (const [i, title] of titles.entries()) {
      const on = i % 2 ? b : a;
      await meeting(on, i % 2 ? await b.adminCookie() : cookie, title, now + DAY + 2500, city);
    }
    for (const address of addresses) {
      for (const title of titles) await eventually(() => expect(reminders(smtp, address, title)).toHaveLength(1), { timeout: 20_000 });
    }
    // Both instances have passed over the jobs many times since: still one each.
    await new Promise((r) => setTimeout(r, 1500));
    for (const address of addresses) for (const title of titles) expect(reminders(smtp, address, title)).toHaveLength(1);
    expect(mailsTo(smtp, 'delegate1@reggio.example').filter((m) => m.subject?.startsWith('Tomorrow: '))).toHaveLength(titles.length);
  });

  it('a restart sends the reminder that fell due while the server was down, once, and a second restart sends it not again', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '100', SCHEDULER_POLL_MS: '100' };
    const first = await startServer({ env });
    servers.push(first);
    dataDirs.push(first.dataDir);
    const { cookie, city, addresses } = await network(first);
    const due = Date.now() + 6000;
    await meeting(first, cookie, 'Down meeting', due + DAY, city);
    // Its invitation went out; then the server stops before the reminder is due.
    for (const address of addresses) await eventually(() => expect(mailsTo(smtp, address).some((m) => /Down meeting/.test(m.subject ?? ''))).toBe(true));
    await first.stop();
    // The setup's precondition (6 s for one invitation): what follows is a job that fell due while no server ran.
    expect(Date.now(), 'the server stopped before the reminder was due').toBeLessThan(due);
    expect(reminders(smtp, addresses[0]!, 'Down meeting')).toHaveLength(0);
    await sleepUntil(due + 500);

    // Back after it fell due: not skipped.
    const second = await startServer({ dataDir: first.dataDir, env });
    servers.push(second);
    for (const address of addresses) await eventually(() => expect(reminders(smtp, address, 'Down meeting')).toHaveLength(1), { timeout: 20_000 });
    expect(reminders(smtp, 'delegate0@reggio.example', 'Down meeting')[0]!.subject).toMatch(/^Domani: /);
    expect(reminders(smtp, 'delegate1@reggio.example', 'Down meeting')[0]!.subject).toMatch(/^Tomorrow: /);
    await second.stop();

    // Restarted again: a new meeting's reminder shows the scheduler has passed over every job; the old one is not repeated.
    const third = await startServer({ dataDir: first.dataDir, env });
    servers.push(third);
    await meeting(third, await third.adminCookie(), 'Later meeting', Date.now() + DAY + 1500, city);
    for (const address of addresses) await eventually(() => expect(reminders(smtp, address, 'Later meeting')).toHaveLength(1), { timeout: 20_000 });
    for (const address of addresses) expect(reminders(smtp, address, 'Down meeting')).toHaveLength(1);
  });

  it('a meeting with no reminder job (made before reminders existed) gets one when the server starts', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const prefix = uniquePrefix('remind');
    prefixes.push(prefix);
    const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '100', SCHEDULER_POLL_MS: '100' };
    const first = await startServer({ store: 'redis', prefix, env });
    servers.push(first);
    const { cookie, city, addresses } = await network(first);
    await meeting(first, cookie, 'Old meeting', Date.now() + DAY + 6000, city);
    await first.stop();
    // Its job is gone, as on an install from before the scheduler.
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    expect(await client.del(`${prefix}:records:scheduled-jobs`)).toBe(1);
    await client.close();
    const second = await startServer({ store: 'redis', prefix, env });
    servers.push(second);
    for (const address of addresses) await eventually(() => expect(reminders(smtp, address, 'Old meeting')).toHaveLength(1), { timeout: 20_000 });
  });
});
