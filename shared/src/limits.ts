/**
 * The most characters each free-text field of a record may hold. The shared schemas enforce them on
 * the server (a longer value is a 400 with the field's `too-long`), and the client shows them (a
 * count under the field, `maxLength` where typing past it makes no sense). One place, so both sides
 * always say the same number.
 */
export const LIMITS = {
  /** Titles: meetings, documents, proposals, calls, a partner's role. */
  title: 200,
  /** Names: people, cities, regions, the network, funders, templates, template sections; version labels. */
  name: 120,
  /** A meeting's place. */
  place: 200,
  /** A meeting's experts and support. */
  meetingPeople: 500,
  /** Long notes and descriptions: a meeting's notes, a poll's description, a comment. */
  notes: 4000,
  /** Web addresses (a meeting's online link). */
  url: 2000,
  /** A poll's question. */
  question: 300,
  /** A poll option's label, an agenda item named in a poll. */
  option: 200,
  /** The reason given with a ballot; a decision's text. */
  reason: 2000,
  /** Ids of records named in a body (cities, people, funders, templates, documents). */
  id: 80,
  /** How many cities, people or guests a document's scope may name. */
  scopeEntries: 500,
  /**
   * Single-line text fields inside co-edited documents (an agenda item's title, a presenter, an
   * action-plan cell, a budget line's description, a timeline activity, a section's title): the
   * editor stops there, and the server cuts a longer one back (server/src/collab/field-limits.ts;
   * the action plan's multi-line cells take `notes`).
   */
  docField: 500,
} as const;

/** A comment's text, the quoted text it keeps of its anchor, and the people one comment may mention. */
export const COMMENT_BODY_MAX = LIMITS.notes;
export const COMMENT_QUOTE_MAX = 500;
export const COMMENT_MENTIONS_MAX = 20;
