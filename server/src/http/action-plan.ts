import { Hono } from 'hono';
import {
  ACTION_PLAN_COLUMNS,
  ACTION_PLAN_DOC,
  ActionPlanShape,
  actionPlanRows,
  ErrorCode,
  isActionDay,
  NETWORK_TIME_ZONE,
  PlanRowMeetingSchema,
  DecisionSourceSchema,
  minutesDocName,
  type ActionPlanRow,
  type MeetingInput,
} from '@dialogo/shared';
import { randomUUID } from 'node:crypto';
import ical from 'ical-generator';
import { generateKeyBetween } from 'fractional-indexing';
import { decisionsOf } from '../meetings/action-items.ts';
import { canSee, effectiveStatus, type Polls } from '../polls/service.ts';
import { livePlanRows, writePlanRow } from '../action-plan/live.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import type { Config } from '../config.ts';
import type { Meetings } from '../meetings/meetings.ts';
import type { Catalog } from '../documents/catalog.ts';
import { AppError } from '../errors.ts';
import { downloadLanguage, translatorFor } from '../i18n/index.ts';
import { toCsvFor } from '../lib/csv.ts';
import { toXlsx, XLSX_TYPE, type ColumnKind } from '../lib/xlsx.ts';
import { actionPlanParts, filterPlan, planCell, planFilters, planHeaders, type PlanContext } from '../action-plan/export.ts';
import type { DocActivity } from '../documents/activity.ts';
import { escapeMarkdown, partsToMarkdown } from '../documents/export-markdown.ts';
import { printPage } from '../publishing/page.ts';
import { partsToHtml } from '../publishing/render.ts';
import type { Cities } from '../network/cities.ts';
import { toActor } from '../network/people.ts';
import type { Store } from '../store/index.ts';
import { authorize, publicOrigin, readBody, requirePerson, type ApiContext, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

interface ActionPlanDeps {
  store: Store;
  catalog: Catalog;
  activity: DocActivity;
  cities: Cities;
  meetings: Meetings;
  polls: Polls;
  liveDocs: LiveDocs;
  config: Pick<Config, 'PUBLIC_URL'>;
}

/** Rows claimed by a meeting (one meeting per row). */
const PLAN_ROW_MEETINGS = 'plan-row-meetings';

/** The plan as a resource of the policy: the network's, read and edited by members, managed by coordinators. */
const PLAN_RESOURCE = { kind: 'action-plan', scope: { cities: [], people: [], guests: [], restricted: false, open: true } } as const;

/** The day after a `YYYY-MM-DD` day, or the first day of the month after a `YYYY-MM` month (UTC dates). */
function dayAfterPeriod(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number | undefined];
  return d ? new Date(Date.UTC(y, m - 1, d + 1)) : new Date(Date.UTC(y, m, 1));
}

/** The meeting a row becomes: its event, day, place, experts, support and notes. */
function meetingFromRow(row: ActionPlanRow, times: { startsAt: string; endsAt: string }): MeetingInput {
  return {
    title: row.event.trim().slice(0, 200),
    ...times,
    onlineUrl: '',
    place: row.placeKind === 'online' ? 'Online' : row.placeKind === 'other' ? row.place.slice(0, 200) : '',
    hostCityId: row.placeKind === 'city' ? row.place.slice(0, 80) : '',
    experts: row.experts.slice(0, 500),
    support: row.support.slice(0, 500),
    notes: row.notes.slice(0, 4000),
    participants: { cities: [], people: [] },
    visibility: 'network',
  };
}

/**
 * `/api/action-plan`: follow-ups and meetings made from rows, and the plan's rows as CSV, a
 * spreadsheet, Word, Markdown, a page to print and a calendar, filtered as the page is (the table
 * itself is edited live over the document socket).
 */
export function actionPlanRoutes({ store, catalog, activity, cities, meetings, polls, liveDocs, config }: ActionPlanDeps) {
  const mayRead = async (c: ApiContext) => {
    const permissions = await catalog.permissions(toActor(requirePerson(c)), ACTION_PLAN_DOC);
    if (!permissions?.read) throw new AppError(ErrorCode.forbidden, 403, 'You may not read the action plan.');
  };
  /** The rows a download carries: the stored plan, filtered as the page is, in the reader's language. */
  const exported = async (c: ApiContext) => {
    await mayRead(c);
    const language = downloadLanguage(c.req.query('lang'), requirePerson(c));
    const doc = await liveDocs.read(ACTION_PLAN_DOC);
    let rows: ActionPlanRow[];
    try {
      rows = filterPlan(actionPlanRows(doc.getMap(ActionPlanShape.rows).toJSON()), planFilters(c.req.query()));
    } finally {
      doc.destroy();
    }
    const cityNames = new Map((await cities.list()).map((city) => [city.id, city.name]));
    const context: PlanContext = { language, cityName: (id) => cityNames.get(id) ?? id };
    const title = (await catalog.get(ACTION_PLAN_DOC))?.title ?? translatorFor(language)('actionPlan.sheet');
    return { language, rows, context, title };
  };
  /** The plan as a Word file, a PDF, Markdown or a page to print: its title, how many events and which filters, the table. */
  const document = async (c: ApiContext, format: 'docx' | 'md' | 'html' | 'pdf') => {
    const { language, rows, context, title } = await exported(c);
    const { parts, scratch } = actionPlanParts(rows, planFilters(c.req.query()), context);
    try {
      c.header('Cache-Control', 'no-store');
      if (format === 'html') {
        const changedAt = await activity.changedAt(ACTION_PLAN_DOC);
        return c.html(printPage({ language, title, html: partsToHtml(parts), wide: true, ...(changedAt ? { changedAt } : {}) }));
      }
      c.header('Content-Disposition', `attachment; filename="action-plan.${format}"`);
      if (format === 'md') {
        c.header('Content-Type', 'text/markdown; charset=utf-8');
        return c.body(`# ${escapeMarkdown(title)}\n\n${partsToMarkdown(parts)}\n`);
      }
      if (format === 'pdf') {
        // pdfkit and its fonts are loaded with the first PDF export, not at start; the table's pages in landscape.
        const { documentPdf } = await import('../documents/export-pdf.ts');
        c.header('Content-Type', 'application/pdf');
        return c.body(new Uint8Array(await documentPdf(title, parts, { language, wide: true })));
      }
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      // The Word writer (docx) is loaded with the first Word export, not at start.
      const { documentDocx } = await import('../documents/export-docx.ts');
      return c.body(new Uint8Array(await documentDocx(title, parts)));
    } finally {
      scratch.destroy();
    }
  };
  return (
    new Hono<ApiEnv>()
      // A decision becomes a follow-up in one step (coordinators): a closed poll, or a decision written
      // in a meeting's minutes, adds a row at the end of the plan that says where it came from.
      .post('/rows/from-decision', validJson(DecisionSourceSchema, { action: 'manage', resource: PLAN_RESOURCE }), async (c) => {
        const person = authorize(c, 'manage', PLAN_RESOURCE);
        const actor = toActor(person);
        const input = c.req.valid('json');
        let cells: Record<string, string>;
        if (input.source === 'poll') {
          const poll = await polls.get(input.pollId);
          if (!poll || !canSee(actor, poll)) throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
          if (effectiveStatus(poll) !== 'closed') throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { pollId: 'not-closed' });
          cells = { event: poll.question.slice(0, 500), notes: poll.description.slice(0, 4000), sourceKind: 'poll', sourceId: poll.id };
        } else {
          const meeting = await meetings.readable(actor, input.meetingId);
          const doc = await liveDocs.read(minutesDocName(meeting.id));
          let found: boolean;
          try {
            found = decisionsOf(doc).includes(input.decision);
          } finally {
            doc.destroy();
          }
          if (!found) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { decision: 'not-in-minutes' });
          cells = { event: input.decision.slice(0, 500), notes: meeting.title, sourceKind: 'minutes', sourceId: meeting.id };
        }
        const rows = await livePlanRows(liveDocs);
        if (rows.some((r) => r.sourceKind === cells.sourceKind && r.sourceId === cells.sourceId && r.event === cells.event)) {
          throw new AppError(ErrorCode.conflict, 409, 'This decision is already in the action plan.', { source: 'already-in-plan' });
        }
        const id = randomUUID();
        await writePlanRow(
          liveDocs,
          actor,
          id,
          {
            placeKind: 'other',
            place: '',
            date: '',
            experts: '',
            support: '',
            status: 'idea',
            ...cells,
            order: generateKeyBetween(rows.at(-1)?.order ?? null, null),
          },
          { create: true },
        );
        const row = (await livePlanRows(liveDocs)).find((r) => r.id === id);
        return c.json({ row }, 201);
      })
      // A row becomes a meeting in one step (coordinators): the meeting is prefilled from the row and
      // links back to it (`planRowId`); the row gets the meeting's id and the status `scheduled`.
      .post('/rows/:rowId/meeting', async (c) => {
        const actor = toActor(authorize(c, 'manage', PLAN_RESOURCE));
        const body = c.req.header('content-type')?.includes('json') ? await readBody(c, PlanRowMeetingSchema) : {};
        const rowId = c.req.param('rowId');
        const row = (await livePlanRows(liveDocs)).find((r) => r.id === rowId);
        if (!row) throw new AppError(ErrorCode.notFound, 404, 'No such row in the action plan.');
        if (row.meetingId && (await meetings.get(row.meetingId)))
          throw new AppError(ErrorCode.conflict, 409, 'This row is already a meeting.', { meeting: 'already-scheduled' });
        if (!row.event.trim()) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { event: 'required' });
        let times: { startsAt: string; endsAt: string };
        if (body.startsAt && body.endsAt) times = { startsAt: body.startsAt, endsAt: body.endsAt };
        else if (isActionDay(row.date)) times = { startsAt: `${row.date}T08:00:00.000Z`, endsAt: `${row.date}T12:00:00.000Z` };
        else throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { date: 'day-required' });
        // One meeting per row, even when two coordinators (on two instances) click at once: the row is
        // claimed atomically first, and released if the meeting could not be made.
        if (!(await store.records.putIfAbsent(PLAN_ROW_MEETINGS, row.id, { at: new Date().toISOString() }))) {
          throw new AppError(ErrorCode.conflict, 409, 'This row is already a meeting.', { meeting: 'already-scheduled' });
        }
        let meeting: Awaited<ReturnType<Meetings['create']>>;
        try {
          meeting = await meetings.create(meetingFromRow(row, times), undefined, { planRowId: row.id });
        } catch (err) {
          await store.records.delete(PLAN_ROW_MEETINGS, row.id);
          throw err;
        }
        await writePlanRow(liveDocs, actor, row.id, { meetingId: meeting.id, status: 'scheduled' });
        return c.json({ meeting: meetings.view(actor, meeting) }, 201);
      })
      // The plan's dated rows as an iCalendar file: a day is an all-day event, a month spans the month.
      .get('/calendar.ics', async (c) => {
        await mayRead(c);
        const language = downloadLanguage(c.req.query('lang'), requirePerson(c));
        const t = translatorFor(language);
        const rows = filterPlan(await livePlanRows(liveDocs), planFilters(c.req.query())).filter((r) => r.date && r.status !== 'cancelled');
        const network = await cities.network();
        const cityNames = new Map((await cities.list()).map((city) => [city.id, city.name]));
        const origin = publicOrigin(c, config.PUBLIC_URL);
        const calendar = ical({
          name: t('actionPlan.title', { network: network.name }),
          prodId: { company: 'Dialogo', product: 'action-plan', language: language.toUpperCase() },
          timezone: null,
        });
        calendar.x([{ key: 'X-WR-TIMEZONE', value: NETWORK_TIME_ZONE }]);
        for (const row of rows) {
          const [y, m, d] = row.date.split('-').map(Number) as [number, number, number | undefined];
          const place = row.placeKind === 'city' ? (cityNames.get(row.place) ?? row.place) : row.placeKind === 'online' ? 'Online' : row.place;
          calendar.createEvent({
            id: `plan-${row.id}@dialogo`,
            start: new Date(Date.UTC(y, m - 1, d ?? 1)),
            end: dayAfterPeriod(row.date),
            allDay: true,
            summary: row.event || t('actionPlan.untitled'),
            description: [
              row.notes,
              row.experts ? t('calendar.experts', { experts: row.experts }) : '',
              row.support ? t('calendar.support', { support: row.support }) : '',
              row.meetingId ? `${origin}/meetings/${row.meetingId}` : `${origin}/action-plan`,
            ]
              .filter(Boolean)
              .join('\n\n'),
            location: place || null,
            url: row.meetingId ? `${origin}/meetings/${row.meetingId}` : `${origin}/action-plan`,
          });
        }
        c.header('Content-Type', 'text/calendar; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="action-plan.ics"');
        return c.body(calendar.toString());
      })
      // The plan as CSV in the reader's language (or `?lang=`): translated headers and statuses, the
      // language's separator, a BOM; dates stay ISO (`2018-03-15`, `2017-11`), which spreadsheets read as dates.
      .get('/export.csv', async (c) => {
        const { language, rows, context } = await exported(c);
        const csv = toCsvFor(language, [
          planHeaders(language),
          ...rows.map((row) => ACTION_PLAN_COLUMNS.map((column) => planCell(row, column, context, { dates: 'iso' }))),
        ]);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="action-plan.csv"');
        return c.body(csv);
      })
      // The same rows as a spreadsheet: dates as dates (a month as its month), headers in the reader's words.
      .get('/export.xlsx', async (c) => {
        const { language, rows, context, title } = await exported(c);
        const t = translatorFor(language);
        const kinds: Record<string, ColumnKind> = { date: 'day' };
        const headers = planHeaders(language);
        const file = await toXlsx(
          [
            {
              name: t('actionPlan.sheet'),
              columns: ACTION_PLAN_COLUMNS.map((column, i) => ({ header: headers[i]!, kind: kinds[column] ?? 'text' })),
              rows: rows.map((row) => ACTION_PLAN_COLUMNS.map((column) => planCell(row, column, context, { dates: 'iso' }))),
            },
          ],
          { title },
        );
        c.header('Content-Type', XLSX_TYPE);
        c.header('Content-Disposition', 'attachment; filename="action-plan.xlsx"');
        return c.body(new Uint8Array(file));
      })
      // The plan as Word (a real table), PDF (a tagged table), Markdown (a table) or a page to print, with the page's filters.
      .get('/export.docx', (c) => document(c, 'docx'))
      .get('/export.md', (c) => document(c, 'md'))
      .get('/export.html', (c) => document(c, 'html'))
      .get('/export.pdf', (c) => document(c, 'pdf'))
  );
}
