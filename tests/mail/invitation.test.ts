import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api, createCity, tokenOf } from '../helpers/session.ts';
import { eventually } from '../helpers/wait.ts';
import { mailsTo, rawHeader, startSmtp, type TestSmtp } from './smtp.ts';

const PUBLIC_URL = 'https://dialogo.example.org';
let smtp: TestSmtp;
let server: TestServer;
let cookie: string;
let cityId: string;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'Città del Dialogo <dialogo@cittadeldialogo.example>', MAIL_RETRY_MS: '200' },
  });
  cookie = await server.adminCookie();
  await api(server.url, '/api/network', { method: 'PATCH', cookie, json: { name: 'Città del Dialogo', language: 'it' } });
  cityId = await createCity(server.url, cookie, 'Reggio Emilia');
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

async function invite(json: Record<string, unknown>) {
  const res = await api(server.url, '/api/invites', { method: 'POST', cookie, json });
  expect(res.status).toBe(201);
  return ((await res.json()) as { invite: { url: string; id: string } }).invite;
}

describe('invitation mail', () => {
  it('is mailed in Italian, with the network, the role and the link on PUBLIC_URL, escaped and without header injection', async () => {
    const name = 'Marco <b>Ferri</b>\r\nBcc: victim@evil.example';
    const invited = await invite({ role: 'delegate', cityId, email: 'marco@reggio.example', name, language: 'it' });
    expect(invited.url.startsWith(`${PUBLIC_URL}/invite/`)).toBe(true);
    await eventually(() => expect(mailsTo(smtp, 'marco@reggio.example')).toHaveLength(1));
    const mail = mailsTo(smtp, 'marco@reggio.example')[0]!;
    expect(mail.subject).toBe('Invito a Città del Dialogo su Dialogo');
    expect(mail.from?.value[0]).toEqual({ name: 'Città del Dialogo', address: 'dialogo@cittadeldialogo.example' });
    expect(mail.text).toContain('ti invita a partecipare a Città del Dialogo su Dialogo come referente di Reggio Emilia');
    expect(mail.text).toContain(invited.url);
    // The name stays one display name: no Bcc header, no second recipient.
    expect(mail.headers.get('bcc')).toBeUndefined();
    expect(mail.bcc).toBeUndefined();
    const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
    expect(to.flatMap((a) => a.value.map((v) => v.address))).toEqual(['marco@reggio.example']);
    // HTML: what a person wrote is escaped; links only on PUBLIC_URL.
    expect(mail.html).toContain('Marco &lt;b&gt;Ferri&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Ferri</b>');
    const links = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    // RFC 8058 one-click unsubscribe.
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL.replace(/\./g, '\\.')}/unsubscribe/[^>]+>$`));
  });

  it('is mailed in English to an invitation in English', async () => {
    const invited = await invite({ role: 'expert', email: 'lorenzo@expert.example', name: 'Lorenzo', language: 'en' });
    await eventually(() => expect(mailsTo(smtp, 'lorenzo@expert.example')).toHaveLength(1));
    const mail = mailsTo(smtp, 'lorenzo@expert.example')[0]!;
    expect(mail.subject).toBe('Invitation to Città del Dialogo on Dialogo');
    expect(mail.text).toContain('Hello Lorenzo,');
    expect(mail.text).toContain('invites you to join Città del Dialogo on Dialogo as expert.');
    expect(mail.text).toContain(`Accept the invitation: ${invited.url}`);
    expect(tokenOf(invited.url)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('a password reset is mailed to the person in their language, and the coordinator still gets the link', async () => {
    const invited = await invite({ role: 'delegate', cityId });
    const accepted = await api(server.url, `/api/invites/${tokenOf(invited.url)}/accept`, {
      method: 'POST',
      json: { name: 'Sara Lombardi', email: 'sara@torino.example', password: 'member-password-123', language: 'en' },
    });
    const { me } = (await accepted.json()) as { me: { person: { id: string } } };
    const res = await api(server.url, `/api/people/${me.person.id}/password-reset`, { method: 'POST', cookie });
    expect(res.status).toBe(201);
    const { reset } = (await res.json()) as { reset: { url: string } };
    await eventually(() => expect(mailsTo(smtp, 'sara@torino.example')).toHaveLength(1));
    const mail = mailsTo(smtp, 'sara@torino.example')[0]!;
    expect(mail.subject).toBe('A new password for Dialogo');
    expect(mail.text).toContain(reset.url);
  });
});
