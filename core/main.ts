import { loadEnvironment } from './config/environment.js';
import { configFromEnv, describeDatabase } from './config/server-config.js';
import { createLogger } from './observability/logger.js';
import { startServer } from './server.js';
import { DEMO_PEOPLE } from './demo/catalogue.js';
import { prepareDemo } from './demo/start-demo.js';
import { demoMessage, terminalLanguage } from './i18n/console-messages.js';

/** `npm start`: the service, configured by the environment, else `.env` (as every operator command is). */
// A terminal that closed is no reason to crash: what is printed there is also in the logs or was said once.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const environment = loadEnvironment();
const logger = createLogger();
// `npm run demo` (`npm start -- --demo`): the same service on the demo shop's own database.
const configured = (() => {
  try {
    return configFromEnv();
  } catch (error) {
    // A wrong setting stops the start with every problem named, not with a stack.
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
const demo = process.argv.includes('--demo')
  ? await prepareDemo(configured, { reset: process.argv.includes('--reset') })
  : undefined;
const config = demo?.config ?? configured;
logger.info(
  { requestId: 'startup', envFile: environment.file ?? null },
  demo ? `demo database ${config.databaseUrl}` : describeDatabase(config.databaseUrl, environment),
);
const running = await startServer(config, logger);
if (demo) {
  const built = demo.built && {
    seconds: (demo.built.ms / 1000).toFixed(1),
    movements: demo.built.verify.movements,
  };
  const api = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${running.port}/api/v1`;
  process.stderr.write(
    `${demoMessage({
      database: config.databaseUrl,
      api,
      built,
      people: DEMO_PEOPLE,
      lang: terminalLanguage(),
    })}\n`,
  );
}

// A renewed certificate (certbot, acme.sh, Caddy's files) is taken in without a restart.
process.on('SIGHUP', () => {
  try {
    running.reloadCertificate();
  } catch (err) {
    logger.error(
      { requestId: 'certificate', err },
      'certificate reload failed; the previous one stays',
    );
  }
});

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
