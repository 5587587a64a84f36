import * as Y from 'yjs';

/** A node of a scratch document the exports build their own blocks in (see minutes-export.ts). */
export type ScratchNode = Y.XmlElement | Y.XmlText;

/** A stretch of text and its marks. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** Text with bold and italic marks, as the editor's schema stores it. */
export function textNode(runs: Run[]): Y.XmlText {
  const text = new Y.XmlText();
  text.applyDelta(
    runs
      .filter((r) => r.text)
      .map((r) => ({
        insert: r.text,
        ...(r.bold || r.italic ? { attributes: { ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}) } } : {}),
      })),
  );
  return text;
}

/** An element of the editor's schema (`paragraph`, `heading`, `tableCell`...) with its children. */
export function element(name: string, children: ScratchNode[], attributes: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v as string);
  el.insert(0, children);
  return el;
}

/** One paragraph of runs. */
export const paragraph = (runs: Run[]): Y.XmlElement => element('paragraph', [textNode(runs)]);
