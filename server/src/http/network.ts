import { Hono } from 'hono';
import { CityInputSchema, CityPatchSchema, ErrorCode, NetworkSettingsPatchSchema } from '@dialogo/shared';
import { AppError } from '../errors.ts';
import type { Cities } from '../network/cities.ts';
import { toActor } from '../network/people.ts';
import { presentCities, presentCity } from '../network/presenter.ts';
import { authorize, type ApiEnv } from './context.ts';
import { validJson } from './validate.ts';

/** `/api/network` and `/api/cities`: the dashboard for members, changes for coordinators. */
export function networkRoutes(cities: Cities) {
  return (
    new Hono<ApiEnv>()
      .get('/network', async (c) => {
        authorize(c, 'read', { kind: 'network' });
        return c.json({ network: await cities.withStats() });
      })
      // The network's name and language (the language of what the server writes into shared documents).
      .patch('/network', validJson(NetworkSettingsPatchSchema), async (c) => {
        authorize(c, 'manage', { kind: 'network' });
        await cities.setNetwork(c.req.valid('json'));
        return c.json({ network: await cities.withStats() });
      })
      .get('/cities', async (c) => {
        const reader = toActor(authorize(c, 'read', { kind: 'city' }));
        return c.json(presentCities(reader, await cities.list()));
      })
      .post('/cities', validJson(CityInputSchema), async (c) => {
        const reader = toActor(authorize(c, 'manage', { kind: 'city' }));
        const input = c.req.valid('json');
        const city = await cities.create(input);
        return c.json({ city: presentCity(reader, { ...city, delegates: [] }) }, 201);
      })
      .patch('/cities/:id', validJson(CityPatchSchema), async (c) => {
        const id = c.req.param('id');
        const reader = toActor(authorize(c, 'manage', { kind: 'city', id }));
        const change = c.req.valid('json');
        const city = await cities.update(id, change);
        const listed = (await cities.list()).find((x) => x.id === city.id);
        if (!listed) throw new AppError(ErrorCode.notFound, 404, 'No such city.');
        return c.json({ city: presentCity(reader, listed) });
      })
  );
}
