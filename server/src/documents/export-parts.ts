import type * as Y from 'yjs';
import { ActionPlanShape, actionPlanRows, DocKind, parseDocName, type Language } from '@dialogo/shared';
import { actionPlanParts, filterPlan, planFilters } from '../action-plan/export.ts';
import { readAgenda } from './agenda.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Cities } from '../network/cities.ts';
import type { People } from '../network/people.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { minutesExportParts } from './minutes-export.ts';
import { documentParts, type DocumentPart } from './outline.ts';

export interface ExportPartsDeps {
  /** Where the agenda of minutes is read. */
  liveDocs: LiveDocs;
  meetings: Meetings;
  cities: Cities;
  people: People;
}

export interface ExportPartsInput {
  name: string;
  /** The document's title (what the export's first heading says). */
  title: string;
  doc: Y.Doc;
  language: Language;
  /** The action plan's filters (`year`, `status`, `city`), as the `/action-plan` page sends them. */
  query?: Record<string, string | undefined>;
}

/**
 * What a document shows outside the editor (Word, Markdown, print, the published page), in
 * `language`: minutes with the meeting's facts, attendance, decisions and action items (see
 * minutes-export.ts); the action plan as its table, filtered as asked (see action-plan/export.ts);
 * any other document its outline. `done()` frees what was built for it, after rendering; `wide`
 * says a page of it needs the window's width (a table of many columns).
 */
export async function exportParts(
  deps: ExportPartsDeps,
  { name, title, doc, language, query = {} }: ExportPartsInput,
): Promise<{ parts: DocumentPart[]; done(): void; wide?: boolean }> {
  const parsed = parseDocName(name);
  if (parsed?.kind === DocKind.actionPlan) {
    const cityNames = new Map((await deps.cities.list()).map((c) => [c.id, c.name]));
    const filters = planFilters(query);
    const rows = filterPlan(actionPlanRows(doc.getMap(ActionPlanShape.rows).toJSON()), filters);
    const { parts, scratch } = actionPlanParts(rows, filters, { language, cityName: (id) => cityNames.get(id) ?? id });
    return { parts, done: () => scratch.destroy(), wide: true };
  }
  const meeting = parsed?.kind === DocKind.minutes ? await deps.meetings.get(parsed.id) : undefined;
  if (!parsed || !meeting) return { parts: await documentParts(deps.liveDocs, name, doc), done: () => {} };
  const [agenda, cityList, personList] = await Promise.all([readAgenda(deps.liveDocs, parsed.id), deps.cities.list(), deps.people.list()]);
  const cityNames = new Map(cityList.map((c) => [c.id, c.name]));
  const personNames = new Map(personList.map((p) => [p.id, p.name]));
  const { parts, scratch } = minutesExportParts(doc, {
    title,
    meeting,
    agenda,
    language,
    cityName: (id) => cityNames.get(id) ?? id,
    personName: (id) => personNames.get(id) ?? id,
  });
  return { parts, done: () => scratch.destroy() };
}
