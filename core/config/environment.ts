import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The one configuration of the service and of every operator command: the process
 * environment, else a `.env` file (`ENV_FILE`, default `.env` in the working folder,
 * which `npm run` sets to the project's folder). Read with Node's own parser
 * (`util.parseEnv`, the one behind `--env-file`), so quoting and comments follow
 * Node's documented rules.
 *
 * Values from the file are copied into `process.env` (never over a value already
 * there), so that every part of the process, the bot's settings and `LOG_LEVEL`
 * included, sees one configuration.
 */
export interface Environment {
  /** The `.env` file that was read, as an absolute path, or undefined when none exists. */
  readonly file: string | undefined;
  /** Where a setting came from, for messages such as "database … (DATABASE_URL from .env)". */
  sourceOf(name: string): 'environment' | 'file' | 'default';
}

/**
 * Reads the `.env` file into `env` once, at the start of a command. A missing
 * default `.env` is fine; a missing `ENV_FILE` that was named is an error, so that
 * a typo in a cron line cannot silently fall back to the default database.
 *
 * @example
 * const environment = loadEnvironment();
 * const url = process.env['DATABASE_URL'];          // from the environment or .env
 * environment.sourceOf('DATABASE_URL');              // 'environment' | 'file' | 'default'
 */
export function loadEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Environment {
  const named = env['ENV_FILE'];
  const file = resolve(cwd, named || '.env');
  if (!existsSync(file)) {
    if (named) throw new Error(`ENV_FILE names ${file}, which does not exist`);
    return { file: undefined, sourceOf: (name) => (env[name] ? 'environment' : 'default') };
  }
  const fromFile = new Set<string>();
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined || value === undefined) continue;
    env[name] = value;
    fromFile.add(name);
  }
  return {
    file,
    sourceOf: (name) => (fromFile.has(name) ? 'file' : env[name] ? 'environment' : 'default'),
  };
}
