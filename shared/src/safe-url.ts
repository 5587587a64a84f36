/**
 * The one rule for links in documents, the same in the editor (what may be inserted or pasted) and
 * on the server (what a published page or an export may carry): only web and mail links, never
 * `javascript:`, `data:`, `vbscript:` or relative addresses.
 */

/** The protocols a document link may use. */
export const SAFE_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

const SAFE_LINK = /^(https?:|mailto:)/i;

/** The trimmed address when it is a web or mail link, else `null`. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  const trimmed = href.trim();
  // Control characters and spaces inside a scheme (`java\tscript:`) are refused by the anchor too.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return SAFE_LINK.test(trimmed) && !/[\u0000-\u001f]/.test(trimmed) ? trimmed : null;
}

/** Whether `href` is a web or mail link. */
export function isSafeHref(href: unknown): boolean {
  return safeHref(href) !== null;
}
