import type { Language } from '@dialogo/shared';
import { escapeHtml } from './render.ts';

/** The public page's own words, in the page's language (the app's translations live in the client). */
const STRINGS = {
  it: {
    published: 'Pubblicato con Dialogo',
    lastChange: 'Ultima modifica',
    publishedAt: 'Pubblicato il',
    notFoundTitle: 'Pagina non trovata',
    notFound: 'Questo link non esiste o non è più pubblico.',
    empty: 'Questo documento è ancora vuoto.',
  },
  en: {
    published: 'Published with Dialogo',
    lastChange: 'Last change',
    publishedAt: 'Published on',
    notFoundTitle: 'Page not found',
    notFound: 'This link does not exist or is no longer public.',
    empty: 'This document is still empty.',
  },
} as const satisfies Record<Language, Record<string, string>>;

const STYLE = `
body{margin:0;font:16px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2328;background:#f5f6f4}
main{max-width:46rem;margin:2rem auto;padding:2rem clamp(1rem,4vw,2.5rem);background:#fff;border:1px solid #d9ddd8;border-radius:10px}
header p{color:#5b636b;margin:.25rem 0}h1{line-height:1.25;margin:0 0 .5rem}a{color:#22585b}
table{border-collapse:collapse}td,th{border:1px solid #d9ddd8;padding:.3rem .5rem}
.block{border-left:4px solid #22585b;padding-left:.75rem;margin:1rem 0}
main.wide{max-width:80rem}
th{text-align:left;background:#eef2f0;vertical-align:top}td{vertical-align:top}td p,th p{margin:0}
@media print{body{background:#fff}main{border:0;margin:0;max-width:none}}`;

function formatTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(
    new Date(iso),
  );
}

function shell(language: Language, title: string, body: string, { wide = false }: { wide?: boolean } = {}): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main${wide ? ' class="wide"' : ''}>
${body}
</main>
</body>
</html>`;
}

/** A published document: its title, when it was published and last changed, its content. */
export function publishedPage(input: { language: Language; title: string; html: string; publishedAt: string; changedAt?: string; wide?: boolean }): string {
  const words = STRINGS[input.language];
  const times = [
    input.changedAt ? `${words.lastChange}: <time datetime="${escapeHtml(input.changedAt)}">${formatTime(input.changedAt, input.language)}</time>` : null,
    `${words.publishedAt} <time datetime="${escapeHtml(input.publishedAt)}">${formatTime(input.publishedAt, input.language)}</time>`,
  ].filter(Boolean);
  return shell(
    input.language,
    input.title,
    `<header>
<h1>${escapeHtml(input.title)}</h1>
<p>${times.join(' · ')}</p>
<p>${words.published}</p>
</header>
<article>
${input.html || `<p>${words.empty}</p>`}
</article>`,
    { wide: !!input.wide },
  );
}

/** A document laid out for printing (or "Save as PDF"): its title, its last change, its content. */
export function printPage(input: { language: Language; title: string; html: string; changedAt?: string; wide?: boolean }): string {
  const words = STRINGS[input.language];
  const changed = input.changedAt
    ? `<p>${words.lastChange}: <time datetime="${escapeHtml(input.changedAt)}">${formatTime(input.changedAt, input.language)}</time></p>`
    : '';
  return shell(
    input.language,
    input.title,
    `<header>\n<h1>${escapeHtml(input.title)}</h1>\n${changed}\n</header>\n<article>\n${input.html || `<p>${words.empty}</p>`}\n</article>`,
    { wide: !!input.wide },
  );
}

/** The answer for an unknown or revoked link. */
export function notFoundPage(language: Language): string {
  const words = STRINGS[language];
  return shell(language, words.notFoundTitle, `<h1>${words.notFoundTitle}</h1>\n<p>${words.notFound}</p>`);
}
