import { configFromEnv, startServer } from './server.js';

/** `npm start`: the service on the embedded database unless DATABASE_URL says otherwise. */
const running = await startServer(configFromEnv());

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: finishing in-flight requests`);
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  });
}
