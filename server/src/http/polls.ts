import { Hono } from 'hono';
import {
  DocKind,
  ErrorCode,
  parseDocName,
  PollInputSchema,
  PollPatchSchema,
  VoteInputSchema,
  type Poll,
  type PollListItem,
  type PollView,
} from '@dialogo/shared';
import { can, type Resource } from '../access/policy.ts';
import type { Catalog } from '../documents/catalog.ts';
import { assertMayWrite } from '../documents/server-writes.ts';
import { AppError } from '../errors.ts';
import { downloadLanguage, spreadsheetDateTime, translatorFor } from '../i18n/index.ts';
import { toCsvFor } from '../lib/csv.ts';
import { toXlsx, XLSX_TYPE, type Sheet } from '../lib/xlsx.ts';
import { readAgenda } from '../documents/agenda.ts';
import type { LiveDocs } from '../ports/live-docs.ts';
import { toActor, type PersonRecord } from '../network/people.ts';
import type { MailNotices } from '../mail/notices.ts';
import { canSee, effectiveStatus, pollResource, type Polls } from '../polls/service.ts';
import { resultsCsv, resultsSvg, resultsTable } from '../polls/summary.ts';
import { authorize, requirePerson, type ApiEnv, type ApiContext } from './context.ts';
import { validJson } from './validate.ts';

interface PollDeps {
  polls: Polls;
  catalog: Catalog;
  notices: MailNotices;
  liveDocs: LiveDocs;
  config: { PUBLIC_URL?: string | undefined };
}

/** What starting a poll is asked as: a draft open to the network, before its settings are known. */
const NEW_POLL: Resource = { kind: 'poll', scope: { cities: [], people: [], guests: [], restricted: false, open: true, ballot: 'city' } };

/** `/api/polls`: list, create, change, open, close, vote, results and CSV. Every route asks the policy. */
export function pollRoutes({ polls, catalog, notices, liveDocs, config }: PollDeps) {
  const origin = (c: ApiContext) => config.PUBLIC_URL ?? new URL(c.req.url).origin;
  /** The poll `id` the signed-in person may see, or 404 (a poll one may not see does not exist for them, drafts included). */
  const readable = async (c: ApiContext): Promise<{ poll: Poll; person: PersonRecord }> => {
    const person = requirePerson(c);
    const poll = await polls.get(c.req.param('id') ?? '');
    if (!poll || !canSee(toActor(person), poll)) throw new AppError(ErrorCode.notFound, 404, 'No such poll.');
    return { poll, person };
  };
  const manageable = async (c: ApiContext) => {
    const found = await readable(c);
    authorize(c, 'manage', pollResource(found.poll));
    return found;
  };
  /** A minutes document the results block may go into: listed, of the minutes kind, and not approved (locked). */
  const checkMinutes = async (name: string | null | undefined) => {
    if (!name) return;
    const record = parseDocName(name)?.kind === DocKind.minutes ? await catalog.get(name) : undefined;
    if (!record) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { minutes: 'unknown' });
    if (record.scope?.locked) throw new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { minutes: 'locked' });
  };
  /** The agenda of the meeting whose minutes these are (none for other documents). */
  const agendaOf = async (minutes: string) => {
    const parsed = parseDocName(minutes);
    return parsed?.kind === DocKind.minutes ? readAgenda(liveDocs, parsed.id) : [];
  };
  /**
   * The agenda item the results block goes under: one of the minutes' agenda items (its id), chosen
   * from a list, never free text that may match nothing (the block would land in the general notes).
   */
  const checkAgendaItem = async (minutes: string | null | undefined, agendaItem: string | null | undefined) => {
    if (!agendaItem) return;
    const invalid = (reason: string) => new AppError(ErrorCode.validation, 400, 'The request has invalid fields.', { agendaItem: reason });
    if (!minutes) throw invalid('needs-minutes');
    if (!(await agendaOf(minutes)).some((item) => item.id === agendaItem)) throw invalid('not-in-agenda');
  };
  const view = async (c: ApiContext, poll: Poll, person: PersonRecord) => c.json(await polls.view(poll, person));

  /**
   * The ballots a reader may see, as a table in their language (or `?lang=`): who voted, who cast
   * it, when (an instant: Europe/Rome in the files), what, and the reason.
   */
  const ballots = async (c: ApiContext) => {
    const { poll, person } = await readable(c);
    const seen = await polls.view(poll, person);
    // Anonymous polls have no ballots to list: `ballots` is never filled for them.
    if (!seen.ballots) throw new AppError(ErrorCode.forbidden, 403, poll.settings.anonymous ? 'This poll is anonymous.' : 'The results are not shown yet.');
    const language = downloadLanguage(c.req.query('lang'), person);
    const t = translatorFor(language);
    const label = new Map(poll.options.map((o) => [o.id, o.label]));
    const describe = (b: NonNullable<PollView['ballots']>[number]): string => {
      const { choice } = b;
      const l = (id: string) => label.get(id) ?? id;
      switch (choice.kind) {
        case 'proposal':
          return t(`poll.answers.${choice.answer}`);
        case 'single':
          return l(choice.option);
        case 'multiple':
          return choice.options.map(l).join('; ');
        case 'ranked':
          return choice.ranking.map(l).join(' > ');
        case 'score':
          return Object.entries(choice.scores)
            .map(([id, v]) => `${l(id)}=${v}`)
            .join('; ');
        case 'dot':
          return Object.entries(choice.points)
            .map(([id, v]) => `${l(id)}=${v}`)
            .join('; ');
        case 'meeting-time':
          return Object.entries(choice.answers)
            .map(([id, v]) => `${l(id)}=${t(`poll.timeAnswers.${v}`)}`)
            .join('; ');
      }
    };
    const h = (key: string): string => t(`csv.${key}`);
    const sheet: Sheet = {
      name: t('csv.sheetBallots'),
      columns: [
        { header: h('voter'), kind: 'text' },
        { header: h('castBy'), kind: 'text' },
        { header: h('castAt'), kind: 'moment' },
        { header: h('choice'), kind: 'text' },
        { header: h('reason'), kind: 'text' },
      ],
      rows: seen.ballots.map((b) => [b.voter.name, b.castBy.name, b.castAt, describe(b), b.reason ?? '']),
    };
    return { language, sheet, poll };
  };

  return (
    new Hono<ApiEnv>()
      .get('/', async (c) => {
        const person = requirePerson(c);
        const actor = toActor(person);
        const mine = person.role === 'delegate' ? person.cityId : undefined;
        const items: PollListItem[] = [];
        for (const poll of await polls.list()) {
          if (!canSee(actor, poll)) continue;
          const { turnout, ballots } = await polls.count(poll);
          const key = poll.settings.ballot === 'city' ? mine : person.id;
          items.push({
            poll,
            status: effectiveStatus(poll),
            turnout: { eligible: turnout.eligible, voted: turnout.voted },
            voted: !!key && ballots.some((b) => b.voter === key),
          });
        }
        // What the reader may do with the list: start a poll (a network-wide one, as the form makes).
        return c.json({ polls: items, can: { create: can(actor, 'manage', NEW_POLL) } });
      })
      .post('/', validJson(PollInputSchema), async (c) => {
        const person = authorize(c, 'manage', NEW_POLL);
        const input = c.req.valid('json');
        await checkMinutes(input.minutes);
        await checkAgendaItem(input.minutes, input.agendaItem);
        const poll = await polls.create(input, person);
        return c.json({ poll }, 201);
      })
      // The agenda items of minutes the person may read, for the poll form's picker (`?minutes=<name>`).
      .get('/agenda-items', async (c) => {
        const actor = toActor(requirePerson(c));
        const minutes = c.req.query('minutes') ?? '';
        const listed = parseDocName(minutes)?.kind === DocKind.minutes && (await catalog.get(minutes));
        const permissions = listed ? await catalog.permissions(actor, minutes) : undefined;
        if (!permissions?.read) throw new AppError(ErrorCode.notFound, 404, 'No such document.');
        return c.json({ items: (await agendaOf(minutes)).map(({ id, number, title }) => ({ id, number, title })) });
      })
      .get('/:id', async (c) => {
        const { poll, person } = await readable(c);
        return view(c, poll, person);
      })
      .patch('/:id', validJson(PollPatchSchema), async (c) => {
        const { poll, person } = await manageable(c);
        const patch = c.req.valid('json');
        await checkMinutes(patch.minutes);
        if (patch.minutes !== undefined || patch.agendaItem !== undefined) {
          await checkAgendaItem(
            patch.minutes !== undefined ? patch.minutes : poll.minutes,
            patch.agendaItem !== undefined ? patch.agendaItem : poll.agendaItem,
          );
        }
        const next = await polls.patch(poll.id, patch);
        // A new closing time moves its reminder by mail.
        await notices.pollChanged(next, origin(c));
        return view(c, next, person);
      })
      .post('/:id/open', async (c) => {
        const { poll, person } = await manageable(c);
        const opened = await polls.open(poll.id);
        // Those who may vote are told by mail (once per opening); its reminder before closing is scheduled.
        if (opened.revision !== poll.revision) await notices.pollOpened(opened, person, origin(c));
        return view(c, opened, person);
      })
      .post('/:id/close', async (c) => {
        const { poll, person } = await manageable(c);
        // Closing writes the results into the linked minutes as the person closing: refused before
        // anything changes when they may not write there (approved minutes are locked).
        if (poll.status === 'open' && poll.minutes) await assertMayWrite(catalog, poll.minutes, toActor(person));
        const closed = await polls.close(poll.id, { by: person });
        await notices.pollChanged(closed, origin(c));
        return view(c, closed, person);
      })
      .post('/:id/vote', validJson(VoteInputSchema), async (c) => {
        const { poll, person } = await readable(c);
        const input = c.req.valid('json');
        await polls.vote(poll.id, person, input);
        return view(c, (await polls.get(poll.id)) ?? poll, person);
      })
      .get('/:id/results.csv', async (c) => {
        const { poll, person } = await readable(c);
        const seen = await polls.view(poll, person);
        if (!seen.results) throw new AppError(ErrorCode.forbidden, 403, 'The results are not shown yet.');
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="poll-${poll.id}-results.csv"`);
        return c.body(resultsCsv(poll, seen.results, downloadLanguage(c.req.query('lang'), person)));
      })
      .get('/:id/chart.svg', async (c) => {
        const { poll, person } = await readable(c);
        const seen = await polls.view(poll, person);
        if (!seen.results) throw new AppError(ErrorCode.forbidden, 403, 'The results are not shown yet.');
        c.header('Content-Type', 'image/svg+xml; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="poll-${poll.id}-chart.svg"`);
        return c.body(resultsSvg(poll, seen.results, downloadLanguage(c.req.query('lang'), person)));
      })
      .get('/:id/results.xlsx', async (c) => {
        const { poll, person } = await readable(c);
        const seen = await polls.view(poll, person);
        if (!seen.results) throw new AppError(ErrorCode.forbidden, 403, 'The results are not shown yet.');
        const file = await toXlsx([resultsTable(poll, seen.results, downloadLanguage(c.req.query('lang'), person))], { title: poll.question });
        c.header('Content-Type', XLSX_TYPE);
        c.header('Content-Disposition', `attachment; filename="poll-${poll.id}-results.xlsx"`);
        return c.body(new Uint8Array(file));
      })
      .get('/:id/ballots.csv', async (c) => {
        const { language, sheet, poll } = await ballots(c);
        // Times in Europe/Rome in ISO order, which spreadsheets read as dates in every language.
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="poll-${poll.id}-ballots.csv"`);
        return c.body(
          toCsvFor(language, [
            sheet.columns.map((col) => col.header),
            ...sheet.rows.map(([voter, castBy, castAt, choice, reason]) => [
              String(voter),
              String(castBy),
              spreadsheetDateTime(String(castAt)),
              String(choice),
              String(reason ?? ''),
            ]),
          ]),
        );
      })
      .get('/:id/ballots.xlsx', async (c) => {
        const { sheet, poll } = await ballots(c);
        const file = await toXlsx([sheet], { title: poll.question });
        c.header('Content-Type', XLSX_TYPE);
        c.header('Content-Disposition', `attachment; filename="poll-${poll.id}-ballots.xlsx"`);
        return c.body(new Uint8Array(file));
      })
  );
}
