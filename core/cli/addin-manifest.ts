/**
 * `npm run addin:manifest -- --url https://inventory.example.cn [--out dist/manifest.xml]`:
 * the Excel add-in's manifest for a shop's server, to upload in the Microsoft 365 admin
 * centre (Integrated apps) or to put on a network share catalog. Without --url, the
 * service's own PUBLIC_URL (environment, else .env). Each run gets a new version.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  addinManifest,
  manifestTemplate,
  manifestVersion,
  packageVersion,
} from '../addin/manifest.js';
import { deploymentFromEnv } from '../config/deployment.js';
import { loadEnvironment } from '../config/environment.js';
import { OperationRefused } from '../services/admin/backup.js';
import { runCli } from './common.js';

await runCli(async () => {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, out: { type: 'string', default: 'dist/manifest.xml' } },
  });
  let origin: string | undefined;
  try {
    loadEnvironment();
    origin = deploymentFromEnv({ PUBLIC_URL: values.url ?? process.env['PUBLIC_URL'] }).publicUrl;
  } catch (error) {
    throw new OperationRefused((error as Error).message);
  }
  if (!origin)
    throw new OperationRefused(
      'usage: npm run addin:manifest -- --url https://<the server> [--out file]   (or set PUBLIC_URL)',
    );
  const version = manifestVersion(packageVersion(), Date.now());
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, addinManifest(manifestTemplate(), origin, version));
  console.log(`add-in manifest for ${origin}, version ${version}, written to ${out}`);
  return 0;
});
