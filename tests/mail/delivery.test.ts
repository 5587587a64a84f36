import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, uniquePrefix } from '../helpers/redis.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { freePort, mailsTo, startSmtp, type TestSmtp } from './smtp.ts';

const PUBLIC_URL = 'https://dialogo.example.org';
const servers: TestServer[] = [];
const smtps: TestSmtp[] = [];
const prefixes: string[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(smtps.map((s) => s.stop()));
  for (const p of prefixes) await deletePrefix(p);
});

async function invite(server: TestServer, email: string) {
  const res = await api(server.url, '/api/invites', {
    method: 'POST',
    cookie: await server.adminCookie(),
    json: { role: 'expert', email, name: 'Esperto', language: 'en' },
  });
  expect(res.status).toBe(201);
}

describe('delivery', () => {
  it('a mail queued while the SMTP server is down arrives once it is up, once', async () => {
    const port = await freePort();
    const server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL, MAIL_RETRY_MS: '200' } });
    servers.push(server);
    await invite(server, 'late@expert.example');
    // Let a few attempts fail.
    await eventually(
      async () => {
        const { mails } = (await (await api(server.url, '/api/mail/outbox', { cookie: await server.adminCookie() })).json()) as {
          mails: Array<{ attempts: number; status: string; lastError?: string }>;
        };
        expect(mails[0]!.attempts).toBeGreaterThanOrEqual(2);
        expect(mails[0]!.status).toBe('queued');
      },
      { timeout: 15_000 },
    );
    const smtp = await startSmtp(port);
    smtps.push(smtp);
    await eventually(() => expect(mailsTo(smtp, 'late@expert.example')).toHaveLength(1), { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(smtp, 'late@expert.example')).toHaveLength(1);
    const { mails } = (await (await api(server.url, '/api/mail/outbox', { cookie: await server.adminCookie() })).json()) as {
      mails: Array<{ status: string; sentAt?: string }>;
    };
    expect(mails[0]).toMatchObject({ status: 'sent' });
  });

  it('two instances on one Redis prefix send each mail exactly once', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const prefix = uniquePrefix('mail');
    prefixes.push(prefix);
    const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_RETRY_MS: '100' };
    const a = await startServer({ store: 'redis', prefix, env });
    const b = await startServer({ store: 'redis', prefix, env });
    servers.push(a, b);
    const addresses = Array.from({ length: 24 }, (_, i) => `city${i}@dialogo.example`);
    // Half raised on each instance; both instances' senders race for every one of them.
    await Promise.all(addresses.map((address, i) => invite(i % 2 ? a : b, address)));
    await eventually(() => expect(smtp.mails).toHaveLength(addresses.length), { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails).toHaveLength(addresses.length);
    for (const address of addresses) expect(mailsTo(smtp, address)).toHaveLength(1);
  });
});
