import { Hono } from 'hono';
import { downloadLanguage, translatorFor } from '../i18n/index.ts';
import { toXlsx, XLSX_TYPE } from '../lib/xlsx.ts';
import { networkDashboard, type DashboardDeps } from '../dashboard/figures.ts';
import { toActor } from '../network/people.ts';
import { authorize, type ApiEnv } from './context.ts';

/** `/api/network/dashboard`: every member city's figures and the network's summary, for members. */
export function dashboardRoutes(deps: DashboardDeps) {
  return (
    new Hono<ApiEnv>()
      .get('/dashboard', async (c) => {
        const person = authorize(c, 'read', { kind: 'network' });
        return c.json({ dashboard: await networkDashboard(toActor(person), deps) });
      })
      // The same figures as a spreadsheet in the reader's language (or `?lang=`): one row per
      // member city, counts as numbers, the profile's date as a date.
      .get('/dashboard.xlsx', async (c) => {
        const person = authorize(c, 'read', { kind: 'network' });
        const language = downloadLanguage(c.req.query('lang'), person);
        const t = translatorFor(language);
        const h = (key: string): string => t(`dashboard.${key}`);
        const [dashboard, cityList] = await Promise.all([networkDashboard(toActor(person), deps), deps.cities.list()]);
        const regions = new Map(cityList.map((city) => [city.id, city.region ?? '']));
        const number = (key: string) => ({ header: h(key), kind: 'number' as const });
        const file = await toXlsx(
          [
            {
              name: h('sheet'),
              columns: [
                { header: h('city'), kind: 'text' },
                { header: h('region'), kind: 'text' },
                { header: h('icc'), kind: 'text' },
                { header: h('iccDate'), kind: 'day' },
                { header: h('statement'), kind: 'text' },
                number('delegates'),
                number('meetings'),
                number('pollsVoted'),
                number('pollsEligible'),
                number('notVoted'),
                number('actionItems'),
                number('overdue'),
                number('proposals'),
              ],
              rows: dashboard.cities.map((f) => [
                f.name,
                regions.get(f.cityId) ?? '',
                h(`iccStatuses.${f.icc.status}`),
                f.icc.date,
                f.statementSigned ? h('yes') : h('no'),
                f.delegates,
                f.meetingsAttended,
                f.pollsVoted,
                f.pollsEligible,
                f.openPollsNotVoted,
                f.openActionItems,
                f.overdueActionItems,
                f.proposals,
              ]),
            },
          ],
          { title: h('sheet') },
        );
        c.header('Content-Type', XLSX_TYPE);
        c.header('Content-Disposition', 'attachment; filename="network-dashboard.xlsx"');
        return c.body(new Uint8Array(file));
      })
  );
}
