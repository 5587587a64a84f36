import { Hono } from 'hono';
import { networkDashboard, type DashboardDeps } from '../network/dashboard.ts';
import { toActor } from '../network/people.ts';
import { authorize, type ApiEnv } from './context.ts';

/** `/api/network/dashboard`: every member city's figures and the network's summary, for members. */
export function dashboardRoutes(deps: DashboardDeps) {
  return new Hono<ApiEnv>().get('/dashboard', async (c) => {
    const person = authorize(c, 'read', { kind: 'network' });
    return c.json({ dashboard: await networkDashboard(toActor(person), deps) });
  });
}
