#!/usr/bin/env node
/**
 * The layer rules of DESIGN.md, checked on every `npm run check`:
 * - core/domain is pure: it imports only other core/domain files;
 * - services never reach up into a transport (core/http, bot, addin) or Hono;
 * - transports never touch the database: no drizzle, nothing from core/db (the handle's
 *   type comes from core/services/context), and no statement of their own (`.execute(`,
 *   `.run(`) in bot/ or core/http/;
 * - botbuilder only under bot/, Office.js only under addin/.
 * Prints every violation with file and line; exits 1 if there is any.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const IMPORT =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

const rules = [
  {
    files: /^core\/domain\//,
    forbid: (spec, target) => !spec.startsWith('.') || !target.startsWith('core/domain/'),
    why: 'core/domain is pure: only other core/domain modules',
  },
  {
    files: /^core\/(services|db)\//,
    forbid: (spec, target) =>
      /^(hono|@hono\/|botbuilder|office)/.test(spec) ||
      /^(core\/http|bot|addin)\//.test(target ?? ''),
    why: 'services and db never depend on a transport',
  },
  {
    files: /^(core\/http|bot|addin)\//,
    forbid: (spec, target) => /^drizzle-orm/.test(spec) || /^core\/db\//.test(target ?? ''),
    why: 'transports call services; they do not touch the database',
  },
  {
    files: /^(?!bot\/)/,
    forbid: (spec) => /^botbuilder/.test(spec),
    why: 'botbuilder stays in bot/ edge files',
  },
  {
    files: /^(?!addin\/)/,
    forbid: (spec) =>
      /^(@microsoft\/office-js|office-addin-)/.test(spec) &&
      !/^office-addin-(manifest|mock)/.test(spec),
    why: 'Office.js stays in addin/ edge files',
  },
];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

const problems = [];
for (const top of ['core', 'bot', 'addin']) {
  let files;
  try {
    files = [...walk(join(root, top))];
  } catch {
    continue;
  }
  for (const file of files) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const target = spec.startsWith('.')
        ? relative(root, resolve(dirname(file), spec))
        : undefined;
      for (const rule of rules) {
        if (rule.files.test(rel) && rule.forbid(spec, target)) {
          const line = text.slice(0, match.index).split('\n').length;
          problems.push(`${rel}:${line}: imports '${spec}' — ${rule.why}`);
        }
      }
    }
  }
}

// Statements belong to services. `bot.run(context)` is botbuilder's ActivityHandler
// taking a turn, not a statement.
const STATEMENT = /\.(execute|run)\(/;
for (const top of ['core/http', 'bot']) {
  if (!existsSync(join(root, top))) continue;
  for (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    if (rel.endsWith('.gen.ts')) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (STATEMENT.test(line.replace(/\bbot\.run\(/g, '')))
          problems.push(`${rel}:${i + 1}: runs a statement — transports call services`);
      });
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers: ok');
