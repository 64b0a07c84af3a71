/**
 * Builds the Teams app package (bot/appPackage → dist/teams-app.zip) to sideload or
 * upload in the Teams admin centre. The manifest's `${{MICROSOFT_APP_ID}}` and
 * `${{PUBLIC_URL}}` come from the service's configuration (environment, else .env: the
 * same `MicrosoftAppId` the service runs with, and the https address Teams reaches it
 * at); its version is package.json's, so that Teams sees each release as an update.
 *
 *   MicrosoftAppId=… PUBLIC_URL=https://stock.example.com npm run bot:package
 *   npm run bot:package -- --out /tmp/app.zip
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { packageVersion } from '../core/addin/manifest.js';
import { loadEnvironment } from '../core/config/environment.js';

loadEnvironment();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'bot', 'appPackage');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1]! : join(root, 'dist', 'teams-app.zip');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const values: Record<string, string> = {
  MICROSOFT_APP_ID: process.env['MicrosoftAppId'] ?? '',
  PUBLIC_URL: (process.env['PUBLIC_URL'] ?? '').replace(/\/+$/, ''),
};
const problems: string[] = [];
if (!GUID.test(values['MICROSOFT_APP_ID']!))
  problems.push(
    "MicrosoftAppId must be the bot's app id (a GUID) / MicrosoftAppId 必须是机器人的应用 ID（GUID）",
  );
if (!/^https:\/\/[^/]+/.test(values['PUBLIC_URL']!))
  problems.push(
    'PUBLIC_URL must be the https address of the service / PUBLIC_URL 必须是服务的 https 地址',
  );
if (problems.length) {
  for (const p of problems) console.error(`bot:package: ${p}`);
  process.exit(2);
}

const fill = (text: string) =>
  text.replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${name} in the Teams manifest`);
    return values[name]!;
  });
const manifest = JSON.parse(fill(readFileSync(join(source, 'manifest.json'), 'utf8')));
manifest.validDomains = [new URL(values['PUBLIC_URL']!).host];
manifest.version = packageVersion();

const zip = new AdmZip();
zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
for (const file of [
  manifest.icons.color,
  manifest.icons.outline,
  ...manifest.localizationInfo.additionalLanguages.map((l: { file: string }) => l.file),
]) {
  zip.addFile(file, readFileSync(join(source, file)));
}
mkdirSync(dirname(out), { recursive: true });
zip.writeZip(out);
console.log(`Teams app package written to ${out}`);
