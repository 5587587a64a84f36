/**
 * The type of the whole `/api`, for the client's typed `hc<AppType>` (hono/client): paths,
 * inputs (from the routes' validators) and answers (from their `c.json`). Type-only: the client
 * imports this file with `import type` and no server code reaches its bundle.
 */
import type { apiRoutes } from './index.ts';

export type AppType = ReturnType<typeof apiRoutes>;
