import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { DocShape } from '@dialogo/shared';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEMO_PEOPLE, launchBrowser, newPersonContext, screenshot, signInThroughForm, switchToEnglish, waitUntil } from '../helpers/browser.ts';
import { expectNoSeriousAxeViolations } from '../helpers/axe.ts';

/**
 * The editor's formatting toolbar used the way a keyboard user does: Tab (here Shift+Tab from the
 * text) or Alt+F10 into the toolbar, arrow keys to the action, Enter or Space to press it; and the
 * same actions by their shortcuts and Markdown input rules. What they do is read back from the
 * shared Yjs document (what the server stores and exports) and from the editor. A `javascript:`
 * link is refused, and axe-core finds no serious or critical problem on the page.
 */

const PERSON = DEMO_PEOPLE.arezzo;

interface DialogoWindow {
  __dialogo: { doc: Y.Doc };
}

const editor = (page: Page) => page.getByTestId('minutes-editor');
/** The shared document's body, as Yjs serialises the `body` fragment (marks as elements: `<bold>`). */
const sharedBody = (page: Page) => page.evaluate((field) => (window as unknown as DialogoWindow).__dialogo.doc.getXmlFragment(field).toString(), DocShape.body);
/** The editor's HTML, without the caret labels of others. */
const editorHtml = (page: Page) => editor(page).evaluate((el) => el.innerHTML);
const focused = (page: Page) =>
  page.evaluate(() => ({
    label: document.activeElement?.getAttribute('aria-label') ?? null,
    inToolbar: !!document.activeElement?.closest('[role="toolbar"]'),
    inEditor: !!document.activeElement?.closest('[data-testid="minutes-editor"]'),
  }));

/** Waits until the shared document contains every snippet. */
async function waitForBody(page: Page, ...snippets: string[]) {
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = await sharedBody(page);
        // Yjs writes element names in lower case (`<bulletlist>`).
        return snippets.every((s) => last.toLowerCase().includes(s.toLowerCase())) ? last : false;
      },
      { message: `shared body containing ${JSON.stringify(snippets)}` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nbody: ${last}`, { cause: err });
  }
}

/** Waits until the editor's HTML matches. */
async function waitForHtml(page: Page, test: (html: string) => boolean, message: string) {
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = await editorHtml(page);
        return test(last) ? last : false;
      },
      { message },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nhtml: ${last}`, { cause: err });
  }
}

/**
 * Moves into the toolbar from the text (Shift+Tab: the toolbar's single tab stop comes just before
 * the text; Alt+F10 where Tab belongs to lists and tables), walks with the arrow keys to the
 * control named `name` and presses it with Enter or Space.
 */
async function pressInToolbar(
  page: Page,
  name: string,
  { enter = 'Shift+Tab', key = 'Enter' }: { enter?: 'Shift+Tab' | 'Alt+F10'; key?: 'Enter' | 'Space' } = {},
) {
  await page.keyboard.press(enter);
  expect((await focused(page)).inToolbar, `${enter} reaches the toolbar`).toBe(true);
  const seen = new Set<string | null>();
  for (;;) {
    const { label } = await focused(page);
    if (label === name) break;
    expect(seen.has(label), `"${name}" not found in the toolbar (went round: ${[...seen].join(', ')})`).toBe(false);
    seen.add(label);
    await page.keyboard.press('ArrowRight');
  }
  // One tab stop: the focused control, and only it, is in the tab order.
  const stops = await page
    .getByRole('toolbar')
    .first()
    .evaluate((el) => Array.from(el.querySelectorAll('[tabindex="0"]')).map((c) => c.getAttribute('aria-label')));
  expect(stops).toEqual([name]);
  await page.keyboard.press(key);
}

/** The editor of the page (Tiptap puts it on its element), for test plumbing only. */
interface EditorElement extends HTMLElement {
  editor: {
    commands: { setTextSelection(position: number): boolean; setLink(attributes: { href: string }): boolean };
    state: { selection: { empty: boolean }; doc: { content: { size: number }; lastChild: { type: { name: string }; content: { size: number } } | null } };
    view: { focus(): void };
  };
}

/**
 * Puts the caret in an empty paragraph at the end of the document, outside lists, quotes and
 * tables (the document always ends with a paragraph).
 */
async function newParagraph(page: Page) {
  const lastIsEmpty = await page.evaluate(() => {
    const { editor: e } = document.querySelector('[data-testid="minutes-editor"]') as unknown as EditorElement;
    // Not commands.focus(): it focuses a frame later, which could pull focus back from the toolbar.
    e.commands.setTextSelection(e.state.doc.content.size - 1);
    e.view.focus();
    const last = e.state.doc.lastChild;
    return last?.type.name === 'paragraph' && last.content.size === 0;
  });
  await waitUntil(async () => (await focused(page)).inEditor, { message: 'focus in the text' });
  if (!lastIsEmpty) await page.keyboard.press('Enter');
}

/**
 * Selects back to the start of the line, and waits until the editor has read the selection (it
 * does on the browser's selectionchange, a moment later; a person is never that quick).
 */
async function selectToLineStart(page: Page) {
  await page.keyboard.press('Shift+Home');
  await waitUntil(
    () => page.evaluate(() => !(document.querySelector('[data-testid="minutes-editor"]') as unknown as EditorElement).editor.state.selection.empty),
    { message: 'the selection in the editor' },
  );
}

describe('the editor toolbar, by keyboard', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { DEMO: 'true' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('opens a new document with an accessible toolbar', async () => {
    const context = await newPersonContext(browser, { language: 'en' });
    contexts.push(context);
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await signInThroughForm(page, new URL('/documents', server.url).href, PERSON.email);
    await switchToEnglish(page);
    await page.getByLabel('Title', { exact: true }).fill('Toolbar by keyboard');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/d\/minutes:/);
    await page.getByTestId('connection-status').and(page.locator('[data-state="connected"]')).waitFor();

    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await toolbar.waitFor();
    expect(await toolbar.getAttribute('aria-controls')).toBe('minutes-editor');
    // Table rows and columns, undo and redo are unavailable in an empty document.
    for (const name of ['Add row below', 'Delete column', 'Undo', 'Redo']) {
      expect(await toolbar.getByRole('button', { name }).getAttribute('aria-disabled'), name).toBe('true');
    }
    expect(await toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false');
    await expectNoSeriousAxeViolations(page);
  }, 90_000);

  it('sets heading levels with the text-style select and with Markdown', async () => {
    await editor(page).click();
    await page.keyboard.type('Agenda of the day');
    // Shift+Tab from the text reaches the toolbar's tab stop: the text style, first control.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ label: 'Text style', inToolbar: true });
    await page.keyboard.press('ArrowDown');
    await waitForBody(page, '<heading level="2">Agenda of the day</heading>');
    await page.keyboard.press('ArrowDown');
    await waitForBody(page, '<heading level="3">Agenda of the day</heading>');
    // Escape goes back to the text, where it was.
    await page.keyboard.press('Escape');
    expect((await focused(page)).inEditor).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.type(' (draft)');
    await waitForBody(page, '<heading level="3">Agenda of the day (draft)</heading>');

    await newParagraph(page);
    await page.keyboard.type('## Decisions');
    await waitForBody(page, '<heading level="2">Decisions</heading>');
  }, 60_000);

  const marks = [
    { name: 'Bold', shortcut: 'Control+b', tag: 'strong', yjs: 'bold' },
    { name: 'Italic', shortcut: 'Control+i', tag: 'em', yjs: 'italic' },
    { name: 'Underline', shortcut: 'Control+u', tag: 'u', yjs: 'underline' },
    { name: 'Strikethrough', shortcut: 'Control+Shift+s', tag: 's', yjs: 'strike' },
  ];
  for (const mark of marks) {
    it(`toggles ${mark.name.toLowerCase()} from the toolbar (Enter and Space) and with ${mark.shortcut}`, async () => {
      await newParagraph(page);
      await pressInToolbar(page, mark.name, { key: 'Enter' });
      expect((await focused(page)).inEditor, 'back in the text after pressing').toBe(true);
      await page.keyboard.type(`${mark.yjs} by toolbar`);
      expect(await page.getByRole('toolbar').getByRole('button', { name: mark.name }).getAttribute('aria-pressed')).toBe('true');
      await pressInToolbar(page, mark.name, { key: 'Space' });
      await page.keyboard.type(' plain ');
      await page.keyboard.press(mark.shortcut);
      await page.keyboard.type(`${mark.yjs} by key`);
      await page.keyboard.press(mark.shortcut);
      await page.keyboard.type(' end');
      await waitForBody(page, `<${mark.yjs}>${mark.yjs} by toolbar</${mark.yjs}> plain <${mark.yjs}>${mark.yjs} by key</${mark.yjs}> end`);
      const html = await editorHtml(page);
      expect(html).toContain(`<${mark.tag}>${mark.yjs} by toolbar</${mark.tag}> plain <${mark.tag}>${mark.yjs} by key</${mark.tag}> end`);
    }, 60_000);
  }

  it('makes bullet and numbered lists, indents and outdents their items', async () => {
    await newParagraph(page);
    await pressInToolbar(page, 'Bullet list');
    await page.keyboard.type('Arezzo');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Torino');
    // Inside a list Tab indents, so the toolbar is reached with Alt+F10.
    await pressInToolbar(page, 'Indent list item', { enter: 'Alt+F10' });
    await waitForHtml(page, (h) => /<li><p>Arezzo<\/p><ul><li><p>Torino<\/p><\/li><\/ul><\/li>/.test(h), 'Torino nested under Arezzo');
    await pressInToolbar(page, 'Outdent list item', { enter: 'Alt+F10' });
    await waitForHtml(page, (h) => /<ul><li><p>Arezzo<\/p><\/li><li><p>Torino<\/p><\/li><\/ul>/.test(h), 'Torino back at the first level');
    await page.keyboard.press('Tab');
    await waitForHtml(page, (h) => /<li><p>Arezzo<\/p><ul><li><p>Torino<\/p><\/li><\/ul><\/li>/.test(h), 'Tab indents');
    await page.keyboard.press('Shift+Tab');
    await waitForHtml(page, (h) => /<ul><li><p>Arezzo<\/p><\/li><li><p>Torino<\/p><\/li><\/ul>/.test(h), 'Shift+Tab outdents');
    await page.keyboard.press('Control+Shift+8'); // the shortcut turns the list off again
    await waitForBody(page, '<bulletList><listItem><paragraph>Arezzo</paragraph></listItem></bulletList><paragraph>Torino</paragraph>');

    await newParagraph(page);
    await page.keyboard.press('Control+Shift+7');
    await page.keyboard.type('First');
    await pressInToolbar(page, 'Numbered list', { enter: 'Alt+F10' });
    await newParagraph(page);
    await pressInToolbar(page, 'Numbered list');
    await page.keyboard.type('Second');
    await newParagraph(page);
    await page.keyboard.type('- Markdown item');
    await waitForBody(
      page,
      '<paragraph>First</paragraph>',
      '<orderedList start="1"><listItem><paragraph>Second</paragraph></listItem></orderedList>',
      '<bulletList><listItem><paragraph>Markdown item</paragraph></listItem></bulletList>',
    );
  }, 60_000);

  it('quotes and draws a rule', async () => {
    await newParagraph(page);
    await pressInToolbar(page, 'Block quote');
    await page.keyboard.type('Quoted by toolbar');
    await newParagraph(page);
    await page.keyboard.type('Quoted by key');
    await page.keyboard.press('Control+Shift+b');
    await newParagraph(page);
    await page.keyboard.type('Between the quotes'); // else the input rule joins the quote to the one before
    await newParagraph(page);
    await page.keyboard.type('> Quoted by Markdown');
    await newParagraph(page);
    await pressInToolbar(page, 'Horizontal line');
    await waitForBody(
      page,
      '<blockquote><paragraph>Quoted by toolbar</paragraph></blockquote>',
      '<blockquote><paragraph>Quoted by key</paragraph></blockquote>',
      '<blockquote><paragraph>Quoted by Markdown</paragraph></blockquote>',
      '<horizontalRule>',
    );
  }, 60_000);

  it('refuses a javascript: link, inserts, edits and removes a web link', async () => {
    await newParagraph(page);
    await page.keyboard.type('Read the Statement of Intent');
    await selectToLineStart(page);
    await page.keyboard.press('Control+k');
    const dialog = page.getByTestId('link-dialog');
    await dialog.getByRole('heading', { name: 'Insert link' }).waitFor();
    await expectNoSeriousAxeViolations(page);
    const address = dialog.getByLabel('Address');
    expect(await address.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('javascript:alert(document.cookie)');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('link-error').waitFor();
    expect(await dialog.getByTestId('link-error').innerText()).toBe('Only web (http, https) and email (mailto) links are allowed.');
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await sharedBody(page)).not.toContain('javascript:');
    expect(await editorHtml(page)).not.toContain('javascript:');

    // Even bypassing the dialog, the editor's link rule is the same.
    const refused = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="minutes-editor"]') as unknown as EditorElement;
      return el.editor.commands.setLink({ href: 'javascript:alert(1)' });
    });
    expect(refused).toBe(false);

    await pressInToolbar(page, 'Link');
    await dialog.getByRole('heading', { name: 'Insert link' }).waitFor();
    await address.fill('https://www.coe.int/interculturalcities');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitForBody(page, 'Read the Statement of Intent');
    const link = () =>
      editor(page).evaluate((el) =>
        Array.from(el.querySelectorAll('a')).map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), text: a.textContent })),
      );
    const expected = JSON.stringify([
      { href: 'https://www.coe.int/interculturalcities', rel: 'noopener noreferrer nofollow', text: 'Read the Statement of Intent' },
    ]);
    let links = '';
    await waitUntil(async () => (links = JSON.stringify(await link())) === expected, { message: 'the link in the editor' }).catch((err: Error) => {
      throw new Error(`${err.message}: ${links}\n${(err as Error).stack}`);
    });
    expect(await sharedBody(page)).toContain('https://www.coe.int/interculturalcities');
    expect(await page.getByRole('toolbar').getByRole('button', { name: 'Link' }).getAttribute('aria-pressed')).toBe('true');

    // Edit: the dialog shows the address; a mailto link is accepted.
    await page.keyboard.press('Control+k');
    await dialog.getByRole('heading', { name: 'Edit link' }).waitFor();
    expect(await address.inputValue()).toBe('https://www.coe.int/interculturalcities');
    await address.fill('mailto:icc@coe.int');
    await page.keyboard.press('Enter');
    await waitForHtml(page, (h) => h.includes('href="mailto:icc@coe.int"'), 'the mail link');

    // Remove.
    await page.keyboard.press('Control+k');
    await dialog.getByRole('button', { name: 'Remove link' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForHtml(page, (h) => !h.includes('<a ') && h.includes('Read the Statement of Intent'), 'no link left');

    // Keep one link in the document for the rest.
    await page.keyboard.press('Control+k');
    await address.fill('https://www.cittadeldialogo.example');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await waitForBody(page, 'https://www.cittadeldialogo.example');
  }, 60_000);

  it('inserts a table and adds and removes its rows and columns', async () => {
    await newParagraph(page);
    await page.keyboard.type('Budget');
    await pressInToolbar(page, 'Insert table');
    const shape = () => editor(page).evaluate((el) => Array.from(el.querySelectorAll('table tr')).map((tr) => tr.querySelectorAll('th, td').length));
    await waitUntil(async () => JSON.stringify(await shape()) === '[3,3,3]', { message: 'a 3×3 table' });
    expect((await focused(page)).inEditor).toBe(true);
    // Inside a table Tab moves between cells, so the toolbar is reached with Alt+F10.
    await pressInToolbar(page, 'Add row below', { enter: 'Alt+F10' });
    await waitUntil(async () => JSON.stringify(await shape()) === '[3,3,3,3]', { message: 'a fourth row' });
    await pressInToolbar(page, 'Add column to the right', { enter: 'Alt+F10' });
    await waitUntil(async () => JSON.stringify(await shape()) === '[4,4,4,4]', { message: 'a fourth column' });
    await page.keyboard.press('ArrowDown'); // into the new row, a row of ordinary cells
    await pressInToolbar(page, 'Delete row', { enter: 'Alt+F10', key: 'Space' });
    await waitUntil(async () => JSON.stringify(await shape()) === '[4,4,4]', { message: 'a row less' });
    await pressInToolbar(page, 'Delete column', { enter: 'Alt+F10' });
    await waitUntil(async () => JSON.stringify(await shape()) === '[3,3,3]', { message: 'a column less' });
    await waitForBody(page, '<table>', '<tableHeader', '<tableCell');
    expect((await sharedBody(page)).match(/<tablerow>/g)?.length).toBe(3);
    await screenshot(page, 'editor-toolbar-table');
    await expectNoSeriousAxeViolations(page);
    await pressInToolbar(page, 'Delete table', { enter: 'Alt+F10' });
    await waitUntil(async () => (await shape()).length === 0, { message: 'no table' });
    expect(await sharedBody(page)).not.toContain('<table>');
    // A table again, kept for the screenshot and the export.
    await pressInToolbar(page, 'Insert table', { enter: 'Alt+F10' });
    await page.keyboard.type('City');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Budget');
    await waitForBody(page, '<table>');
  }, 60_000);

  it("undoes and redoes the person's own edits, from the toolbar and with Ctrl+Z / Ctrl+Shift+Z", async () => {
    await newParagraph(page);
    await new Promise((r) => setTimeout(r, 700)); // the undo manager groups edits made within 500 ms
    await page.keyboard.type('A sentence to undo');
    await waitForBody(page, 'A sentence to undo');
    await new Promise((r) => setTimeout(r, 700));
    await pressInToolbar(page, 'Undo');
    await waitUntil(async () => !(await sharedBody(page)).includes('A sentence to undo'), { message: 'undone from the toolbar' });
    await pressInToolbar(page, 'Redo');
    await waitForBody(page, 'A sentence to undo');
    await new Promise((r) => setTimeout(r, 700));
    await page.keyboard.press('Control+z');
    await waitUntil(async () => !(await sharedBody(page)).includes('A sentence to undo'), { message: 'undone with Ctrl+Z' });
    await page.keyboard.press('Control+Shift+z');
    await waitForBody(page, 'A sentence to undo');
  }, 60_000);

  it('clears the formatting of a selection', async () => {
    await newParagraph(page);
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('Too much emphasis');
    await waitForBody(page, 'Too much emphasis</');
    await selectToLineStart(page);
    await pressInToolbar(page, 'Clear formatting');
    await waitForBody(page, '<paragraph>Too much emphasis</paragraph>');
    await page.keyboard.press('End');

    await screenshot(page, 'editor-toolbar-en');
    await expectNoSeriousAxeViolations(page);
  }, 60_000);

  it('speaks Italian too, and the server exports what the toolbar made', async () => {
    const docPath = new URL(page.url()).pathname;
    const context = await newPersonContext(browser, { language: 'it', locale: 'it-IT' });
    contexts.push(context);
    const it = await context.newPage();
    await signInThroughForm(it, new URL(docPath, server.url).href, DEMO_PEOPLE.reggioEmilia.email);
    const toolbar = it.getByRole('toolbar', { name: 'Formattazione' });
    await toolbar.waitFor();
    for (const name of [
      'Grassetto',
      'Corsivo',
      'Sottolineato',
      'Barrato',
      'Elenco puntato',
      'Elenco numerato',
      'Collegamento',
      'Inserisci tabella',
      'Annulla',
      'Ripeti',
      'Cancella formattazione',
    ]) {
      await toolbar.getByRole('button', { name, exact: true }).waitFor();
    }
    await it.getByText('Too much emphasis').waitFor();
    await screenshot(it, 'editor-toolbar-it');
    await expectNoSeriousAxeViolations(it);

    // The server's Markdown export understands everything the toolbar writes.
    const markdown = await it.evaluate(
      async (name) => {
        const response = await fetch(`/api/documents/${encodeURIComponent(name)}/export.md`);
        return { status: response.status, text: await response.text() };
      },
      decodeURIComponent(docPath.slice('/d/'.length)),
    );
    expect(markdown.status, markdown.text).toBe(200);
    expect(markdown.text).toContain('[Read the Statement of Intent](https://www.cittadeldialogo.example)');
    expect(markdown.text).toContain('**bold by toolbar**');
    expect(markdown.text).toContain('> Quoted by toolbar');
  }, 90_000);
});
