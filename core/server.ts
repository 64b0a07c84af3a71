import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import { botConfigFromEnv, mountBot } from '../bot/adapter.js';
import { deliverTeams } from '../bot/teams-worker.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './observability/logger.js';
import { openDatabase, type Database } from './db/client.js';
import type { ServerConfig } from './config/server-config.js';
import { HEARTBEAT_STALE_MS, registerInstance } from './services/admin/instances.js';

const HEARTBEAT_INTERVAL_MS = HEARTBEAT_STALE_MS / 3;
import { expireReservations } from './services/reservations/expire-reservations.js';
import { expireTransfers } from './services/transfers/transfer-lifecycle.js';
import { sweepExpiryAlerts } from './services/alerts/expiry-alerts.js';
import { continueRuleEvaluations } from './services/alerts/reevaluate.js';
import { refreshAllChannels } from './services/channels/availability.js';
import { fanOutTeams } from './services/teams/fan-out.js';
import { deliverDue, fanOut } from './services/webhooks/deliver.js';
import { refreshForecasts } from './services/forecasts/refresh-forecasts.js';
import { publishWeeklyDigest } from './services/suggestions/weekly-digest.js';
import { bootstrapAdmin } from './services/users/bootstrap-admin.js';
import { newToken } from './services/auth/tokens.js';
import { firstStartMessage, terminalLanguage } from './i18n/console-messages.js';

export interface RunningServer {
  database: Database;
  server: ServerType;
  port: number;
  /** Stops taking connections, finishes in-flight requests, then closes the database. */
  stop(): Promise<void>;
  /**
   * Reads the certificate and key again (a renewed certificate, on SIGHUP): new
   * connections get it, open ones keep theirs. Returns whether HTTPS is served.
   */
  reloadCertificate(): boolean;
}

/** Migrates, bootstraps the first admin if asked to, serves HTTP and runs the sweeper. */
export async function startServer(
  config: ServerConfig,
  logger: Logger = createLogger(),
): Promise<RunningServer> {
  const log = logger.child({ requestId: 'startup' });
  const database = await openDatabase({ url: config.databaseUrl });
  // A database with no users gets its admin at once: with INVENTORY_BOOTSTRAP_TOKEN, or
  // with a random token printed once below, so that a first start always has a way in.
  const firstToken = config.bootstrapToken ?? newToken();
  const createdAdmin = await bootstrapAdmin(database, firstToken);
  if (createdAdmin && config.bootstrapToken)
    log.info('created user "admin" with the token from INVENTORY_BOOTSTRAP_TOKEN');
  const app = createApp({
    database,
    logger,
    metricsToken: config.metricsToken,
    deployment: config.deployment,
    localAddinOrigin: `https://localhost:${config.https.port}`,
    futureToleranceMs: config.futureToleranceMs,
  });
  const teams = mountBot(app, { database, now: Date.now }, botConfigFromEnv());

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Without the query: a libSQL server URL may carry its auth token there.
  const databaseShown = config.databaseUrl.split('?')[0];
  log.info(
    { host: config.host, port, database: databaseShown },
    `inventory ledger listening on http://${config.host}:${port} (database ${databaseShown})`,
  );

  // The same app over HTTPS, which Office requires for add-ins, when certificates exist.
  let secure: ServerType | undefined;
  if (existsSync(config.https.certFile) && existsSync(config.https.keyFile)) {
    // `cert` may be a full chain (the certificate, then its intermediates), as ACME clients write it.
    const serverOptions = {
      cert: readFileSync(config.https.certFile),
      key: readFileSync(config.https.keyFile),
    };
    secure = await new Promise<ServerType>((resolve) => {
      const s = serve(
        {
          fetch: app.fetch,
          hostname: config.host,
          port: config.https.port,
          createServer: createHttpsServer,
          serverOptions,
        },
        () => resolve(s),
      );
    });
    log.info(
      { httpsPort: config.https.port },
      `also serving HTTPS on https://${config.host}:${config.https.port} (certificate ${config.https.certFile})`,
    );
  }

  if (createdAdmin && !config.bootstrapToken) {
    log.info('created user "admin" with a new token, printed once on stderr (not logged)');
    const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const addin =
      config.deployment.publicUrl ??
      (secure ? `https://localhost:${config.https.port}` : undefined);
    process.stderr.write(
      `${firstStartMessage({
        token: firstToken,
        api: `http://${local}:${port}/api/v1`,
        addin,
        lang: terminalLanguage(),
      })}\n`,
    );
  }

  // The heartbeat tells `npm run restore` that a service uses this database.
  const instance = await registerInstance(database);
  const heartbeat = setInterval(() => {
    instance
      .beat()
      .catch((err) => logger.error({ requestId: 'heartbeat', err }, 'heartbeat failed'));
  }, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  const sweeper = setInterval(() => {
    const now = Date.now();
    expireReservations(database, now).catch((err) =>
      logger.error({ requestId: 'sweeper', err }, 'hold sweep failed'),
    );
    expireTransfers(database, now).catch((err) =>
      logger.error({ requestId: 'transfer-expiry', err }, 'transfer expiry failed'),
    );
    // A rule change over more balances than one request evaluates continues here, page by page.
    continueRuleEvaluations(database, now).catch((err) =>
      logger.error({ requestId: 'alert-rule-jobs', err }, 'alert rule evaluation failed'),
    );
  }, config.sweepIntervalMs);
  sweeper.unref();
  // Lots become expiring with time alone; once a minute is soon enough for a day-grained rule.
  const expiry = setInterval(() => {
    sweepExpiryAlerts(database, Date.now()).catch((err) =>
      logger.error({ requestId: 'expiry-alerts', err }, 'expiry alert sweep failed'),
    );
  }, 60_000);
  // Channel figures change with every hold and posting; pushing them (outbox → webhooks) every few seconds.
  const channelSync = setInterval(() => {
    refreshAllChannels(database, Date.now()).catch((err) =>
      logger.error({ requestId: 'channel-sync', err }, 'channel availability refresh failed'),
    );
  }, config.sweepIntervalMs);
  channelSync.unref();
  expiry.unref();
  let delivering = false;
  const webhooks = setInterval(() => {
    if (delivering) return;
    delivering = true;
    const now = Date.now();
    fanOut(database, now)
      .then(() =>
        deliverDue(database, {
          now,
          pages: config.deployment.publicUrl
            ? { publicUrl: config.deployment.publicUrl, decideTtlMs: config.pageLinks.decideTtlMs }
            : undefined,
        }),
      )
      .then(() => fanOutTeams(database, now))
      .then(() => deliverTeams(database, teams.adapter, teams.appId, { now }))
      .catch((err) =>
        logger.error({ requestId: 'outbox', err }, 'webhook or Teams delivery failed'),
      )
      .finally(() => (delivering = false));
  }, config.webhookIntervalMs);
  webhooks.unref();
  // Forecasts take in each day once it is over, then (once a week) the "what to order"
  // digest goes out from the fresh forecasts; an idle pass only reads.
  let forecasting = false;
  const forecaster = setInterval(() => {
    if (forecasting) return;
    forecasting = true;
    refreshForecasts(database, { now: Date.now() })
      .then(() => publishWeeklyDigest(database, { now: Date.now() }))
      .catch((err) => logger.error({ requestId: 'forecasts', err }, 'forecast refresh failed'))
      .finally(() => (forecasting = false));
  }, config.forecastIntervalMs);
  forecaster.unref();

  let stopping: Promise<void> | undefined;
  return {
    database,
    server,
    port,
    reloadCertificate() {
      if (!secure) return false;
      (
        secure as unknown as { setSecureContext(options: { cert: Buffer; key: Buffer }): void }
      ).setSecureContext({
        cert: readFileSync(config.https.certFile),
        key: readFileSync(config.https.keyFile),
      });
      log.info(
        { certificate: config.https.certFile },
        `certificate reloaded from ${config.https.certFile}`,
      );
      return true;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper);
        clearInterval(expiry);
        clearInterval(channelSync);
        clearInterval(heartbeat);
        clearInterval(webhooks);
        clearInterval(forecaster);
        await Promise.all([
          closeGracefully(server),
          secure ? closeGracefully(secure) : Promise.resolve(),
        ]);
        await instance.leave().catch(() => undefined);
        await database.close();
      })();
      return stopping;
    },
  };
}

/**
 * Stops accepting connections and lets in-flight requests finish. Keep-alive
 * connections are closed as soon as they fall idle (not after their keep-alive
 * timeout); after `graceMs` whatever is left is cut.
 */
async function closeGracefully(server: ServerType, graceMs = 30_000): Promise<void> {
  const http = server as unknown as {
    closeIdleConnections?: () => void;
    closeAllConnections?: () => void;
  };
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => http.closeIdleConnections?.(), 50);
  const cut = setTimeout(() => http.closeAllConnections?.(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}
