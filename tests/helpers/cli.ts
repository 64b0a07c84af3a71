import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');

/** tsx by absolute address, so that a command can run in any working folder (where its `.env` is). */
export const TSX_LOADER = pathToFileURL(resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * The test process's environment without the settings a test controls itself. In the
 * project's folder a developer's own `.env` is not read (`ENV_FILE=/dev/null`); a test
 * that runs a command in a folder of its own gets that folder's `.env`, as `npm run` would.
 */
export function cleanEnv(extra: Record<string, string> = {}, cwd?: string): Record<string, string> {
  const env: Record<string, string> = cwd === undefined ? { ENV_FILE: '/dev/null' } : {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !['DATABASE_URL', 'ENV_FILE', 'INVENTORY_BOOTSTRAP_TOKEN'].includes(name)
    )
      env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs one of the operator commands (`core/cli/<name>.ts`, what `npm run <name>` runs),
 * in the project's folder unless `cwd` says otherwise.
 */
export function runCli(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, resolve(ROOT, `core/cli/${name}.ts`), ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: cleanEnv(env, options.cwd),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}
