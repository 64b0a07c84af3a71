import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository's manifest.xml is the localhost development one; every other is made from it. */
export const DEV_ORIGIN = 'https://localhost:3443';
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2020, 0, 1);

/**
 * The add-in manifest for a server at `origin`: every URL of the development manifest
 * moved there, and a version of its own. Office caches add-ins by version, and the
 * Microsoft 365 admin centre only rolls out a manifest whose version went up, so each
 * build gets a new one: `major.minor` of package.json, then the build's day since 2020
 * and minute of that day (each part at most 5 digits, as the manifest schema allows).
 *
 * @example
 * addinManifest(template, 'https://inventory.example.cn', '0.1.2527.733')
 */
export function addinManifest(template: string, origin: string, version: string): string {
  if (!/^https:\/\/[^/]+$/.test(origin))
    throw new Error(`the add-in's origin must be https://host[:port], not ${origin}`);
  return template
    .replaceAll(DEV_ORIGIN, origin)
    .replace(/<Version>[^<]*<\/Version>/, `<Version>${version}</Version>`);
}

/** `0.1.2527.733` for package version 0.1.x built at that minute (UTC). */
export function manifestVersion(packageVersion: string, builtAt: number): string {
  const [major = '0', minor = '0'] = packageVersion.split('.');
  const day = Math.floor((builtAt - EPOCH) / DAY_MS);
  const minute = Math.floor((builtAt - EPOCH - day * DAY_MS) / 60_000);
  return `${Number(major)}.${Number(minor)}.${day}.${minute}`;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

export function manifestTemplate(): string {
  return readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
}

/** When `npm run addin:build` (run by `npm start`) last built the add-in, from its build stamp. */
export function addinBuiltAt(): number | undefined {
  const stamp = join(ROOT, 'addin/dist/build.json');
  if (!existsSync(stamp)) return undefined;
  return (JSON.parse(readFileSync(stamp, 'utf8')) as { builtAt: number }).builtAt;
}
