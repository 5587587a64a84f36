/**
 * Clipboard HTML from Word and Google Docs, made into what the shared schema reads as headings,
 * lists, tables and links. Most of it the schema already reads (and drops fonts, colours and
 * sizes it has no mark for); what it would get wrong is fixed here:
 * - Word writes a list as paragraphs with an `mso-list` style and the bullet or number typed
 *   inside them (hidden from Word itself by `mso-list:Ignore`): they become real nested lists;
 * - Word's `<o:p>` placeholders go;
 * - Google Docs puts a sub-list beside the item it belongs to: it goes inside that item;
 * - a link's own underline and colour, which both apps write on spans inside it, go (the link is
 *   the link; an underline mark on it would be kept forever).
 * - suggested changes copied from Dialogo paste as the text they propose.
 * Other HTML is returned as it came.
 */
export function cleanPastedHtml(html: string): string {
  const fromWord = /urn:schemas-microsoft-com:office|mso-list|class="?Mso/i.test(html);
  const fromDocs = html.includes('docs-internal-guid');
  const withSuggestions = /<(ins|del)\b[^>]*data-id|data-type=["']?modification/i.test(html);
  if (!fromWord && !fromDocs && !withSuggestions) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  // Suggestions copied from a document are pasted as the text they propose: someone else's
  // suggestion cannot be pasted in their name (the server would refuse it), and one's own paste
  // is a suggestion again only if one is suggesting.
  for (const removed of doc.querySelectorAll('del[data-id]')) removed.remove();
  for (const marked of doc.querySelectorAll('ins[data-id], span[data-type="modification"]')) marked.replaceWith(...marked.childNodes);
  if (fromWord) {
    for (const placeholder of [...doc.getElementsByTagName('o:p')]) placeholder.remove();
    wordListsToLists(doc);
  }
  // Google Docs nests a sub-list beside its items rather than inside the one before it.
  for (const nested of doc.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')) {
    const owner = nested.previousElementSibling;
    if (owner?.tagName === 'LI') owner.appendChild(nested);
  }
  for (const inner of doc.querySelectorAll<HTMLElement>('a [style]')) {
    inner.style.removeProperty('text-decoration');
    inner.style.removeProperty('text-decoration-line');
  }
  return doc.body.innerHTML;
}

/** `mso-list:l0 level2 lfo1` → 2; Word's list paragraphs have it, other paragraphs do not. */
function listLevel(p: Element): number | null {
  const style = p.getAttribute('style') ?? '';
  const match = /mso-list:\s*l\d+\s+level(\d+)/i.exec(style);
  return match ? Number(match[1]) : null;
}

/** The bullet or number Word typed into the paragraph: taken out, it says which kind of list it is. */
function takeMarker(p: Element): string {
  const marker = p.querySelector('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]');
  if (!marker) return '';
  const text = (marker.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  // The marker's own wrappers (the Symbol font span) are left empty: they go too.
  let outer: Element = marker;
  while (outer.parentElement && outer.parentElement !== p && outer.parentElement.textContent?.trim() === outer.textContent?.trim()) outer = outer.parentElement;
  outer.remove();
  return text;
}

const ORDERED_MARKER = /^\(?([0-9]{1,3}|[a-z]|[ivxlc]{1,6})[.)]$/i;

function wordListsToLists(doc: Document): void {
  const paragraphs = [...doc.querySelectorAll('p')].filter((p) => listLevel(p) !== null);
  let stack: { level: number; list: HTMLElement }[] = [];
  let previous: Element | null = null;
  for (const p of paragraphs) {
    const level = listLevel(p)!;
    // A list ends where something other than a list paragraph comes between two of them.
    if (!previous || previous.nextElementSibling !== p) stack = [];
    while (stack.length > 0 && stack[stack.length - 1]!.level > level) stack.pop();
    const ordered = ORDERED_MARKER.test(takeMarker(p));
    const top = stack[stack.length - 1];
    let list: HTMLElement;
    if (top && top.level === level) {
      list = top.list;
    } else {
      list = doc.createElement(ordered ? 'ol' : 'ul');
      const parentItem = top?.list.lastElementChild;
      if (parentItem) parentItem.appendChild(list);
      else p.before(list);
      stack.push({ level, list });
    }
    const item = doc.createElement('li');
    const paragraph = doc.createElement('p');
    paragraph.append(...p.childNodes);
    item.appendChild(paragraph);
    list.appendChild(item);
    // Kept in place (empty) until the next one is looked at, so that adjacency can be checked.
    if (previous && previous !== p && previous.tagName === 'P' && previous.childNodes.length === 0) previous.remove();
    previous = p;
  }
  if (previous && previous.childNodes.length === 0) previous.remove();
}
