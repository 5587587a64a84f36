import { dialogo } from './dialogo.ts';
import { hocuspocus } from './hocuspocus.ts';
import { ywebsocket } from './ywebsocket.ts';
import type { ServerKind } from './types.ts';

export type { ServerKind, RunningServer, ServerOptions, StoreMode, MemoryUsage, HttpSide } from './types.ts';

/** Every benchmarked server, Dialogo first; the others are the references. */
export const SERVERS: ServerKind[] = [dialogo, hocuspocus, ywebsocket];
