import { loadEnvironment } from './config/environment.js';
import { configFromEnv, describeDatabase } from './config/server-config.js';
import { createLogger } from './observability/logger.js';
import { startServer } from './server.js';

/** `npm start`: the service, configured by the environment, else `.env` (as every operator command is). */
// A terminal that closed is no reason to crash: what is printed there is also in the logs or was said once.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const environment = loadEnvironment();
const config = configFromEnv();
const logger = createLogger();
logger.info({ requestId: 'startup', envFile: environment.file ?? null }, describeDatabase(config.databaseUrl, environment));
const running = await startServer(config, logger);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    const log = logger.child({ requestId: 'shutdown' });
    log.info(`${signal}: finishing in-flight requests`);
    running
      .stop()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      });
  });
}
