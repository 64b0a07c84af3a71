#!/usr/bin/env node
/**
 * The layer rules of DESIGN.md, checked on every `npm run check`:
 * - core/domain is pure: it imports only other core/domain files;
 * - services never reach up into a transport (core/http, bot, addin) or Hono;
 * - transports never touch the database: no drizzle, nothing from core/db (the handle's
 *   type comes from core/services/context), and no statement of their own (`.execute(`,
 *   `.run(`) in bot/ or core/http/;
 * - botbuilder only under bot/, Office.js only under addin/;
 * - no import cycle between service folders (core/services/<folder>/): the folders form
 *   layers (a document folder may use approvals/ and lifecycle/, never the other way),
 *   and the shared base files directly in core/services/ import no folder at all.
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

// Service folders depend on one another without a cycle; the base files in
// core/services/ (errors, audit, refs, …) depend on no folder. Type-only imports count:
// a cycle of types is a cycle of knowledge all the same.
const SERVICES = 'core/services';
if (existsSync(join(root, SERVICES))) {
  const edges = new Map(); // folder -> Map(folder -> first "file:line" that imports it)
  for (const file of walk(join(root, SERVICES))) {
    const rel = relative(join(root, SERVICES), file);
    const from = rel.includes('/') ? rel.split('/')[0] : null;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (!spec.startsWith('.')) continue;
      const target = relative(join(root, SERVICES), resolve(dirname(file), spec));
      if (target.startsWith('..') || !target.includes('/')) continue;
      const to = target.split('/')[0];
      if (to === from) continue;
      const line = text.slice(0, match.index).split('\n').length;
      if (from === null) {
        problems.push(
          `${SERVICES}/${rel}:${line}: imports '${spec}' — the shared service files import no service folder`,
        );
        continue;
      }
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${SERVICES}/${rel}:${line}`);
    }
  }
  // Each cycle once: a depth-first search reports a back edge with the path it closes.
  const state = new Map();
  const stack = [];
  const visit = (folder) => {
    state.set(folder, 'open');
    stack.push(folder);
    for (const [to, where] of edges.get(folder) ?? []) {
      if (state.get(to) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(to)), to];
        const hops = cycle.slice(0, -1).map((f, i) => edges.get(f).get(cycle[i + 1]));
        problems.push(
          `${where}: service folders import each other: ${cycle.join(' → ')} (${hops.join(', ')})`,
        );
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
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
