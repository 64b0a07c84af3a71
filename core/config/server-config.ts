import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { deploymentFromEnv, type Deployment } from './deployment.js';
import type { Environment } from './environment.js';

/**
 * How far ahead of the server clock a client's `occurredAt` (or a channel order's
 * `placedAt`) may be before it is refused (`occurred_in_future`): clocks of tills and
 * laptops run a little fast, a date typed a day ahead is a mistake. Backdating has no limit.
 */
export const DEFAULT_FUTURE_TOLERANCE_MS = 10 * 60_000;

/** The embedded database, relative to the working folder (the project's, under `npm run`). */
export const DEFAULT_DATABASE_URL = 'file:data/inventory.db';

export interface ServerConfig {
  /** `GET /metrics` wants this bearer token when set. */
  metricsToken?: string | undefined;
  host: string;
  port: number;
  databaseUrl: string;
  bootstrapToken?: string | undefined;
  /** How often expired holds are swept (ms). */
  sweepIntervalMs: number;
  /** How often webhook deliveries are sent (ms). */
  webhookIntervalMs: number;
  /** How often the forecast worker looks for days to take in (ms). */
  forecastIntervalMs: number;
  /** Also serve HTTPS (for the Excel add-in) when a certificate and key exist. */
  https: { port: number; certFile: string; keyFile: string };
  /** PUBLIC_URL, TRUSTED_PROXIES, CORS_ORIGINS. */
  deployment: Deployment;
  /** OCCURRED_AT_TOLERANCE_MS: how far ahead of the clock an occurredAt may be (default 10 minutes). */
  futureToleranceMs: number;
  /**
   * How long links to the served pages open them: `DECISION_LINK_TTL_HOURS` (default 24)
   * for chat robots' approval links, `VIEW_LINK_TTL_HOURS` (default 168) for full lists.
   */
  pageLinks: { decideTtlMs: number; viewTtlMs: number };
}

/** Reads the configuration from the environment, with the documented defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env['HOST'] || '127.0.0.1',
    port: Number(env['PORT'] || 3000),
    databaseUrl: databaseUrlFromEnv(env),
    bootstrapToken: env['INVENTORY_BOOTSTRAP_TOKEN'] || undefined,
    sweepIntervalMs: Number(env['SWEEP_INTERVAL_MS'] || 5000),
    metricsToken: env['METRICS_TOKEN'] || undefined,
    webhookIntervalMs: Number(env['WEBHOOK_INTERVAL_MS'] || 1000),
    forecastIntervalMs: Number(env['FORECAST_INTERVAL_MS'] || 60_000),
    https: {
      port: Number(env['HTTPS_PORT'] || 3443),
      // `npm run addin:certs` (office-addin-dev-certs) puts them here.
      certFile: env['HTTPS_CERT'] || join(homedir(), '.office-addin-dev-certs', 'localhost.crt'),
      keyFile: env['HTTPS_KEY'] || join(homedir(), '.office-addin-dev-certs', 'localhost.key'),
    },
    deployment: deploymentFromEnv(env),
    futureToleranceMs: toleranceFromEnv(env['OCCURRED_AT_TOLERANCE_MS']),
    pageLinks: {
      decideTtlMs: hoursFromEnv(env['DECISION_LINK_TTL_HOURS'], 24),
      viewTtlMs: hoursFromEnv(env['VIEW_LINK_TTL_HOURS'], 168),
    },
  };
}

/** A positive number of hours (fractions allowed) as milliseconds, else the default. */
function hoursFromEnv(text: string | undefined, defaultHours: number): number {
  const hours = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(hours) && hours > 0
    ? hours * 3600_000
    : defaultHours * 3600_000;
}

function toleranceFromEnv(text: string | undefined): number {
  const ms = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(ms) && ms >= 0
    ? ms
    : DEFAULT_FUTURE_TOLERANCE_MS;
}

/**
 * `DATABASE_URL` (default `file:data/inventory.db`) with a relative file path made
 * absolute against `cwd`, so that what a command prints is exactly the file it opens.
 */
export function databaseUrlFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string {
  const url = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  if (!url.startsWith('file:') || url.startsWith('file://')) return url;
  const [path = '', query] = url.slice('file:'.length).split('?', 2);
  if (path === '' || path === ':memory:' || isAbsolute(path)) return url;
  return `file:${resolve(cwd, path)}${query === undefined ? '' : `?${query}`}`;
}

/**
 * One line saying which database a command uses and where that setting came from,
 * without credentials (a libSQL server URL may carry `?authToken=`).
 *
 * @example
 * describeDatabase('file:/srv/inventory/data/inventory.db', environment)
 * // → 'database file:/srv/inventory/data/inventory.db (DATABASE_URL from /srv/inventory/.env)'
 */
export function describeDatabase(url: string, environment: Environment): string {
  const shown = url.split('?')[0];
  const source = environment.sourceOf('DATABASE_URL');
  const from =
    source === 'file'
      ? `DATABASE_URL from ${environment.file}`
      : source === 'environment'
        ? 'DATABASE_URL from the environment'
        : 'the default; set DATABASE_URL to change it';
  return `database ${shown} (${from})`;
}
