import type { Language, MailKind } from '@dialogo/shared';
import { mailText } from './strings.ts';

/**
 * One way to write every mail: paragraphs and at most one call to action, rendered as plain text
 * and as HTML. Everything given is text: the HTML escapes all of it (names, titles, comments a
 * person wrote), and links are only the ones the mail module built on the public origin.
 */
export interface MailContent {
  subject: string;
  /** Greeting name; none: a greeting without a name. */
  name?: string;
  paragraphs: Array<string | { quote: string }>;
  action?: { label: string; url: string };
  network: string;
  /** The unsubscribe link of this kind for this recipient. */
  unsubscribe?: { kind: MailKind; url: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** No line breaks or control characters in a header value (subjects, display names). */
export function headerSafe(value: string, max = 200): string {
  const flat = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function renderMail(language: Language, content: MailContent): RenderedMail {
  const t = mailText(language);
  const greeting = content.name ? t('greeting', { name: headerSafe(content.name) }) : t('greetingAnonymous');
  const footer = t('footer', { network: content.network });
  const kind = content.unsubscribe ? t(`kinds.${content.unsubscribe.kind}`) : '';

  const text = [
    greeting,
    ...content.paragraphs.map((p) =>
      typeof p === 'string'
        ? p
        : p.quote
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n'),
    ),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    '-- ',
    footer + (content.unsubscribe ? `\n${t('unsubscribe', { kind, url: content.unsubscribe.url })}` : ''),
  ].join('\n\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${e(content.subject)}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5; max-width: 36em;">
<p>${e(greeting)}</p>
${content.paragraphs
  .map((p) =>
    typeof p === 'string'
      ? `<p>${e(p)}</p>`
      : `<blockquote style="border-left: 3px solid #9aa5b1; margin: 0 0 1em; padding-left: 0.75em; white-space: pre-wrap;">${e(p.quote)}</blockquote>`,
  )
  .join('\n')}
${content.action ? `<p><a href="${e(content.action.url)}" style="display: inline-block; padding: 0.5em 1em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px;">${e(content.action.label)}</a></p>\n<p style="font-size: 0.9em;">${e(content.action.url)}</p>` : ''}
<hr>
<p style="font-size: 0.85em; color: #52606d;">${e(footer)}${content.unsubscribe ? `<br><a href="${e(content.unsubscribe.url)}">${e(t('unsubscribeLink', { kind }))}</a>` : ''}</p>
</body></html>
`;
  return { subject: headerSafe(content.subject), text, html };
}
