import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { api } from '../helpers/session.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish } from '../helpers/browser.ts';

/**
 * Paste from Word and Google Docs: the clipboard HTML each app writes (fixtures in the shape
 * they have: Word's mso-list paragraphs with typed bullets and `<o:p>`, Google Docs' bold
 * wrapper and its sub-lists beside their items) keeps headings, bold and italic, nested bullet
 * and numbered lists, the table and the link, and drops fonts, colours and sizes.
 */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('paste from Word and Google Docs', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** A new, empty document open in the editor of the coordinator. */
  async function emptyDocument(title: string): Promise<Page> {
    const res = await api(server.url, '/api/documents', { method: 'POST', cookie: await server.adminCookie(), json: { title, kind: 'minutes' } });
    const { document } = (await res.json()) as { document: { name: string } };
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await signInThroughForm(page, `${server.url}/d/${encodeURIComponent(document.name)}`, DEMO_PEOPLE.coordinator.email);
    await switchToEnglish(page);
    await page.getByTestId('minutes-editor').click();
    return page;
  }

  /** What a real paste delivers: a paste event carrying the app's HTML and its plain text. */
  async function paste(page: Page, html: string, editorId = 'minutes-editor'): Promise<void> {
    await page.getByTestId(editorId).evaluate((editor, markup) => {
      const data = new DataTransfer();
      data.setData('text/html', markup);
      data.setData('text/plain', new DOMParser().parseFromString(markup, 'text/html').body.innerText);
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, html);
  }

  /** The structure a reader sees, without the editor's own attributes. */
  const outline = (page: Page) =>
    page.getByTestId('minutes-editor').evaluate((editor) => {
      const texts = (selector: string) => Array.from(editor.querySelectorAll(selector)).map((e) => (e as HTMLElement).innerText.trim());
      return {
        h1: texts('h1'),
        h2: texts('h2'),
        bold: texts('strong'),
        italic: texts('em'),
        topBullets: texts(':scope > ul > li > p'),
        nestedBullets: texts('ul > li > ul > li'),
        numbered: texts('ol > li'),
        rows: Array.from(editor.querySelectorAll('table tr')).map((tr) =>
          Array.from(tr.querySelectorAll('th, td')).map((c) => (c as HTMLElement).innerText.trim()),
        ),
        links: Array.from(editor.querySelectorAll('a')).map((a) => [a.getAttribute('href'), (a as HTMLElement).innerText.trim()]),
        underlined: texts('u'),
        styled: editor.querySelectorAll('[style]:not(table):not(col):not(colgroup)').length,
        text: (editor as HTMLElement).innerText,
      };
    });

  const expected = {
    h1: ['Piano di lavoro 2021'],
    h2: ['Attività proposte'],
    bold: expect.arrayContaining(['18 giugno']),
    italic: ['Lorenzo Kihlgren Grandi'],
    topBullets: ['Campagna nazionale di comunicazione', 'Formazione sulle competenze interculturali'],
    nestedBullets: ['materiali in italiano e inglese'],
    numbered: ['Raccolta delle proposte entro settembre', 'Voto delle priorità a ottobre'],
    rows: [
      ['Città', 'Referente'],
      ['Reggio Emilia', 'Marco Ferri'],
    ],
    links: [['https://www.coe.int/en/web/interculturalcities', 'sito delle Intercultural Cities']],
    underlined: [],
    styled: 0,
  };

  it('keeps the outline of a Word document and drops its bullets typed as text, fonts and colours', async () => {
    const page = await emptyDocument('Incollato da Word');
    await paste(page, fixture('clipboard-word.html'));
    await page.getByTestId('minutes-editor').locator('table').waitFor();
    const pasted = await outline(page);
    expect(pasted).toMatchObject(expected);
    // No bold beyond what Word had bold; no bullet glyph or list letter left as text.
    expect(pasted.bold).toEqual(['18 giugno', 'Città', 'Referente']);
    expect(pasted.text).not.toMatch(/^[·o]\s/m);
    await screenshot(page, '42-paste-word');
    // It is the document, not just the page: a reload shows the same.
    await page.reload();
    await page.getByTestId('minutes-editor').locator('table').waitFor();
    expect(await outline(page)).toMatchObject(expected);
  });

  it('keeps the outline of a Google Docs document without making all of it bold', async () => {
    const page = await emptyDocument('Incollato da Google Docs');
    await paste(page, fixture('clipboard-google-docs.html'));
    await page.getByTestId('minutes-editor').locator('table').waitFor();
    const pasted = await outline(page);
    expect(pasted).toMatchObject(expected);
    expect(pasted.bold).toEqual(['18 giugno', 'Città', 'Referente']);
    await screenshot(page, '43-paste-google-docs');
  });

  it('asks before a paste three times over a proposal section’s limit, and pastes only if told to', async () => {
    const res = await api(server.url, '/api/proposals', { cookie: await server.adminCookie() });
    const { proposals } = (await res.json()) as { proposals: { proposal: { id: string } }[] };
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, `${server.url}/proposals/${proposals[0]!.proposal.id}`, DEMO_PEOPLE.coordinator.email);
    await switchToEnglish(page);
    // The summary is limited to 300 words: 1,000 words is more than three times that.
    await page.getByRole('button', { name: /^Project summary|^Sintesi/ }).click();
    const editor = page.getByTestId('section-editor');
    await editor.click();
    const words = Array.from({ length: 1000 }, (_, i) => `parola${i}`).join(' ');
    await paste(page, `<p>${words}</p>`, 'section-editor');
    const dialog = page.getByRole('dialog', { name: 'Paste this much text?' });
    await dialog.getByText('You are pasting 1000 words into a section limited to 300.', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(editor.getByText('parola999').count()).resolves.toBe(0);
    await paste(page, `<p>${words}</p>`, 'section-editor');
    await dialog.getByRole('button', { name: 'Paste anyway' }).click();
    await editor.getByText('parola999', { exact: false }).waitFor();
    // A short paste is not asked about.
    await paste(page, '<p>due parole</p>', 'section-editor');
    await editor.getByText('due parole', { exact: false }).waitFor();
  });

  it('pastes a long document whole, with its links and its outline, and another person receives it', async () => {
    const page = await emptyDocument('Incollato lungo');
    const paragraph = (i: number) => `<p>Paragrafo ${i}: la rete delle città interculturali discute il piano di lavoro e le priorità del semestre.</p>`;
    // About 40,000 characters: past the size at which a paste skips paste rules and autolinking.
    const html =
      '<h1>Documento lungo</h1>' +
      Array.from({ length: 400 }, (_, i) => paragraph(i)).join('') +
      '<p>Vedi il <a href="https://www.coe.int/en/web/interculturalcities">sito del Consiglio d’Europa</a> e **non grassetto**.</p><p>Fine del documento lungo</p>';
    await paste(page, html);
    await page.getByTestId('minutes-editor').getByText('Fine del documento lungo').waitFor();
    const pasted = await outline(page);
    expect(pasted.h1).toEqual(['Documento lungo']);
    expect(pasted.links).toEqual([['https://www.coe.int/en/web/interculturalcities', 'sito del Consiglio d’Europa']]);
    // Paste rules are for short pastes: Markdown-like text in a long one stays as it was written.
    expect(pasted.bold).toEqual([]);
    expect(pasted.text).toContain('**non grassetto**');
    expect(pasted.text).toContain('Paragrafo 399:');

    const other = await newPersonContext(browser, { language: 'en' });
    contexts.push(other);
    const reader = await other.newPage();
    await signInThroughForm(reader, page.url(), DEMO_PEOPLE.coordinator.email);
    await reader.getByTestId('minutes-editor').getByText('Fine del documento lungo').waitFor();
    await expect(reader.getByTestId('minutes-editor').locator('p').count()).resolves.toBeGreaterThanOrEqual(402);
  });
});
