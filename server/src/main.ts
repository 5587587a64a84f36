import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createStore } from './store/index.ts';
import { createServer } from './app.ts';
import { ensureActionPlan } from './seed/action-plan.ts';
import { seedDemo } from './seed/demo.ts';
import { seedPolls } from './seed/polls.ts';
import { seedProposal } from './seed/proposals.ts';
import { seedDemoMeetings } from './seed/meetings.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, ensureAdmin, seedNetwork } from './seed/network.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const store = await createStore(config, logger);
  const server = await createServer({ config, store, logger });
  if (config.DEMO) {
    await seedDemo(store);
    await seedNetwork(server.services);
    await seedPolls(server.services);
    await seedDemoMeetings(store, server.services.meetings);
  }
  await ensureActionPlan(store, server.services.catalog, { demo: config.DEMO });
  await server.services.proposals.ensureDefaults();
  if (config.DEMO) await seedProposal(store, server.services);
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) await ensureAdmin(server.services, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  const port = await server.listen();
  if (config.DEMO) {
    console.log(`Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const p of DEMO_PEOPLE) console.log(`  ${p.role.padEnd(11)} ${p.email}${p.city ? ` (${p.city})` : ''}`);
  }
  // A plain line on stdout whatever the log level: people and the test harness read it.
  console.log(`Dialogo listening on http://localhost:${port} (store: ${store.kind})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal }, 'shutting down');
    // Bounded: whatever is still pending then stays with the clients, which send it again.
    setTimeout(() => {
      logger.error({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out: exiting with pending work');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await server.close();
      await store.close();
    } catch (err) {
      logger.error({ err: (err as Error).message, signal }, 'shutdown failed');
      process.exit(1);
    }
    logger.info({ signal, ms: Date.now() - started }, 'shut down');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A promise nobody awaited failed (a store call during an outage): log it, keep serving.
  process.on('unhandledRejection', (err) => logger.error({ err: (err as Error)?.message }, 'unhandled rejection'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
