import WebSocket from 'ws';
import type { TestServer } from './server.ts';
import { eventually } from './wait.ts';

/** Start a server with these Node flags to measure its memory with {@link liveMemory}. */
export const INSPECTABLE = ['--inspect=127.0.0.1:0'];

/**
 * What a server process really holds: heap in use plus external memory (Buffers queued on
 * sockets live there), measured after a full garbage collection, through the V8 inspector the
 * process was started with ({@link INSPECTABLE}). Sampling without collecting first measures
 * when the collector last ran more than what is kept.
 */
export async function liveMemory(server: TestServer): Promise<number> {
  const url = await eventually(() => {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.output());
    if (!match) throw new Error('the server was not started with INSPECTABLE');
    return match[1]!;
  });
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { value?: unknown } }>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve((reply as { result: { result?: { value?: unknown } } }).result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const { result } = await call('Runtime.evaluate', {
      expression: '(() => { const m = process.memoryUsage(); return m.heapUsed + m.external; })()',
      returnByValue: true,
    });
    return Number(result?.value);
  } finally {
    ws.close();
  }
}
