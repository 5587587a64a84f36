import { useLayoutEffect, useState, type RefObject } from 'react';

/** How the header lays out its sections, from what fits. */
export interface HeaderFit {
  /** The sections take a row of their own, under the name and the tools. */
  stacked: boolean;
  /** How many sections show in the row; the others are under "More". */
  visible: number;
}

/** The elements the fit is measured from. */
export interface HeaderParts {
  header: RefObject<HTMLElement | null>;
  brand: RefObject<HTMLElement | null>;
  tools: RefObject<HTMLElement | null>;
  /**
   * A hidden copy of the sections' row: one element per section, then the "More" button, at their
   * natural widths (labels change with the language, so they are measured, not guessed).
   */
  measure: RefObject<HTMLElement | null>;
}

const px = (value: string) => Number.parseFloat(value) || 0;

/** How many of `widths` fit in `room`, leaving space for "More" when not all of them do. */
function fitting(widths: number[], gap: number, more: number, room: number): number {
  const total = (count: number) => widths.slice(0, count).reduce((sum, w) => sum + w, 0) + gap * Math.max(0, count - 1);
  if (total(widths.length) <= room) return widths.length;
  let count = widths.length - 1;
  while (count > 0 && total(count) + gap + more > room) count--;
  return count;
}

/**
 * One line when everything fits beside the name and the tools; otherwise the sections move to a
 * row of their own, and what still does not fit there goes under "More". Never wraps: a wrapped
 * row of links reads as two menus. Measured again whenever the header, the tools (a longer name)
 * or the labels (another language) change size.
 */
export function useHeaderFit(parts: HeaderParts, sections: number): HeaderFit {
  const [fit, setFit] = useState<HeaderFit>({ stacked: false, visible: sections });
  useLayoutEffect(() => {
    const [header, brand, tools, measure] = [parts.header.current, parts.brand.current, parts.tools.current, parts.measure.current];
    if (!header || !brand || !tools || !measure) return;
    const update = () => {
      const style = getComputedStyle(header);
      const row = header.clientWidth - px(style.paddingLeft) - px(style.paddingRight);
      const gap = px(style.columnGap);
      const widths = [...measure.children].map((el) => el.getBoundingClientRect().width);
      const more = widths.pop() ?? 0;
      const itemGap = px(getComputedStyle(measure).columnGap);
      const beside = row - brand.getBoundingClientRect().width - tools.getBoundingClientRect().width - 2 * gap;
      const inline = fitting(widths, itemGap, more, beside);
      const next = inline === widths.length ? { stacked: false, visible: inline } : { stacked: true, visible: fitting(widths, itemGap, more, row) };
      setFit((current) => (current.stacked === next.stacked && current.visible === next.visible ? current : next));
    };
    update();
    const observer = new ResizeObserver(update);
    // The measuring row itself has no size: its labels are observed one by one.
    for (const el of [header, tools, ...measure.children]) observer.observe(el);
    return () => observer.disconnect();
  }, [parts.header, parts.brand, parts.tools, parts.measure, sections]);
  return fit;
}
