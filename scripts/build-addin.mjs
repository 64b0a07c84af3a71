#!/usr/bin/env node
/**
 * Builds the Excel add-in into addin/dist (served by the service at /addin/…): the
 * task pane bundle, its page, and the icons. Run by `npm start` and by the tests;
 * addin/dist is build output and not committed.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { localizeFunctions } from './localize-functions.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'addin/dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'addin/src/taskpane/main.ts')],
  outfile: join(out, 'taskpane.js'),
  bundle: true,
  format: 'iife',
  target: 'es2020',
  sourcemap: true,
  logLevel: 'warning',
});
copyFileSync(join(root, 'addin/taskpane.html'), join(out, 'taskpane.html'));

// functions.json from the JSDoc of the functions. The generator reports problems in
// its result rather than failing, so the build checks.
const functions = await generateCustomFunctionsMetadata(
  join(root, 'addin/src/functions/functions.ts'),
  false,
);
if (functions.errors.length > 0) {
  console.error(functions.errors.join('\n'));
  process.exit(1);
}
writeFileSync(join(out, 'functions.json'), functions.metadataJson);
// The same functions with Chinese help, for Excel in Chinese (the manifest's zh-CN override).
const zh = localizeFunctions(
  JSON.parse(functions.metadataJson),
  JSON.parse(readFileSync(join(root, 'addin/src/functions/help.zh-CN.json'), 'utf8')),
  'zh-CN',
);
writeFileSync(join(out, 'functions.zh-CN.json'), JSON.stringify(zh, null, 2));
for (const icon of readdirSync(join(root, 'addin/assets')))
  copyFileSync(join(root, 'addin/assets', icon), join(out, icon));
// The build's stamp: the served manifest's version is made from it (a new one per build).
writeFileSync(join(out, 'build.json'), JSON.stringify({ builtAt: Date.now() }));
console.log(`add-in built into ${out}`);
