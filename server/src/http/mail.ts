import { Hono } from 'hono';
import { languageOf } from '../i18n/index.ts';
import { MailPreferencesSchema, type Language } from '@dialogo/shared';
import type { Mailer } from '../mail/mailer.ts';
import type { MailPreferencesStore } from '../mail/preferences.ts';
import { escapeHtml } from '../mail/render.ts';
import { mailText } from '../mail/strings.ts';
import type { People } from '../network/people.ts';
import { authorize, requirePerson, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

interface MailRouteDeps {
  mailer: Mailer;
  mailPreferences: MailPreferencesStore;
}

/** `/api/mail/outbox` (coordinators) and `/api/me/mail-preferences` (each person, for themselves; PATCH). */
export function mailRoutes({ mailer, mailPreferences }: MailRouteDeps) {
  return new Hono<ApiEnv>()
    .get('/mail/outbox', async (c) => {
      authorize(c, 'manage', { kind: 'people' });
      return c.json({ mails: await mailer.outbox(), delivers: mailer.delivers });
    })
    .get('/me/mail-preferences', async (c) => {
      const person = requirePerson(c);
      return c.json({ preferences: await mailPreferences.of(person.email) });
    })
    .patch('/me/mail-preferences', validJson(MailPreferencesSchema), async (c) => {
      const person = requirePerson(c);
      await mailPreferences.set(person.email, c.req.valid('json'));
      return c.json({ preferences: await mailPreferences.of(person.email) });
    });
}

/**
 * `/unsubscribe/<token>`, the address of every mail's `List-Unsubscribe`. Without a session: the
 * signed token is the permission, for one address and one kind. `POST` unsubscribes (RFC 8058
 * one-click, sent by mail clients, or the button of the page); `GET` only shows that button, so
 * a link scanner that opens the address unsubscribes no one. Outside `/api`: a mail client's POST
 * comes from no origin of ours, and carries no cookie that could be abused.
 */
export function unsubscribePages({ mailPreferences, people }: { mailPreferences: MailPreferencesStore; people: People }) {
  const page = (language: Language, body: string) => `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(mailText(language)('unsubscribePage.title'))}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32em; margin: 3em auto; padding: 0 1em; line-height: 1.5;">
<h1 style="font-size: 1.4em;">${escapeHtml(mailText(language)('unsubscribePage.title'))}</h1>
${body}
</body></html>`;
  const languageFor = async (email: string): Promise<Language> => languageOf((await people.byEmail(email))?.language, 'en');

  return new Hono()
    .get('/:token', async (c) => {
      const target = await mailPreferences.verify(c.req.param('token'));
      if (!target) return c.html(page('en', `<p>${escapeHtml(mailText('en')('unsubscribePage.invalid'))}</p>`), 400);
      const language = await languageFor(target.email);
      const t = mailText(language);
      const kind = t(`kinds.${target.kind}`);
      return c.html(
        page(
          language,
          `<p>${escapeHtml(t('unsubscribePage.confirm', { kind, email: target.email }))}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(t('unsubscribePage.button'))}</button></form>`,
        ),
      );
    })
    .post('/:token', async (c) => {
      const target = await mailPreferences.verify(c.req.param('token'));
      if (!target) return c.html(page('en', `<p>${escapeHtml(mailText('en')('unsubscribePage.invalid'))}</p>`), 400);
      await mailPreferences.set(target.email, { [target.kind]: false });
      const language = await languageFor(target.email);
      const t = mailText(language);
      return c.html(page(language, `<p>${escapeHtml(t('unsubscribePage.done', { kind: t(`kinds.${target.kind}`), email: target.email }))}</p>`));
    });
}
