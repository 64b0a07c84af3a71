import { createLogger } from './observability/logger.js';
import { configFromEnv, startServer } from './server.js';

/** `npm start`: the service on the embedded database unless DATABASE_URL says otherwise. */
const logger = createLogger();
const running = await startServer(configFromEnv(), logger);

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
