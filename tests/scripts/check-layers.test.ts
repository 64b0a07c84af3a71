import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/check-layers.mjs');
let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

/** Runs the layer check on a tree of the given files; its output and exit code. */
function check(files: Record<string, string>): { code: number; output: string } {
  root = mkdtempSync(join(tmpdir(), 'layers-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(SCRIPT, join(root, 'scripts/check-layers.mjs'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  try {
    const output = execFileSync('node', [join(root, 'scripts/check-layers.mjs')], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output };
  } catch (e) {
    const error = e as { status: number; stderr: string };
    return { code: error.status, output: error.stderr };
  }
}

describe('the layer check', () => {
  it('passes a tree that keeps the rules', () => {
    expect(
      check({
        'core/domain/a.ts': `export const a = 1;\n`,
        'core/services/s.ts': `import { a } from '../domain/a.js';\nexport const s = a;\n`,
        'bot/worker.ts': `import type { Database } from '../core/services/context.js';\nawait bot.run(context);\n`,
      }),
    ).toEqual({ code: 0, output: 'layers: ok\n' });
  });

  it('refuses database imports and statements in transports, and an impure domain', () => {
    const { code, output } = check({
      'core/domain/a.ts': `import { x } from '../services/s.js';\n`,
      'bot/worker.ts': `import type { Database } from '../core/db/client.js';\nawait tx.raw.execute('SELECT 1');\n`,
      'core/http/route.ts': `import { sql } from 'drizzle-orm';\nawait database.client.execute({ sql: '' });\nstatement.run();\n`,
    });
    expect(code).toBe(1);
    expect(output.trim().split('\n').sort()).toEqual([
      "bot/worker.ts:1: imports '../core/db/client.js' — transports call services; they do not touch the database",
      'bot/worker.ts:2: runs a statement — transports call services',
      "core/domain/a.ts:1: imports '../services/s.js' — core/domain is pure: only other core/domain modules",
      "core/http/route.ts:1: imports 'drizzle-orm' — transports call services; they do not touch the database",
      'core/http/route.ts:2: runs a statement — transports call services',
      'core/http/route.ts:3: runs a statement — transports call services',
    ]);
  });

  it('passes service folders that depend on one another in layers', () => {
    expect(
      check({
        'core/services/errors.ts': `export const e = 1;\n`,
        'core/services/lifecycle/lifecycle.ts': `import { e } from '../errors.js';\nexport const l = e;\n`,
        'core/services/approvals/engine.ts': `import { l } from '../lifecycle/lifecycle.js';\nexport const a = l;\n`,
        'core/services/transfers/decide.ts': `import { a } from '../approvals/engine.js';\nimport { l } from '../lifecycle/lifecycle.js';\nimport { t } from './record.js';\n`,
        'core/services/transfers/record.ts': `import type { a } from '../approvals/engine.js';\nexport const t = 1;\n`,
        'core/services/documents/registry.ts': `import { t } from '../transfers/record.js';\nimport { a } from '../approvals/engine.js';\n`,
      }),
    ).toEqual({ code: 0, output: 'layers: ok\n' });
  });

  it('refuses import cycles between service folders, and shared files that import a folder', () => {
    const { code, output } = check({
      'core/services/errors.ts': `import { t } from './transfers/record.js';\n`,
      'core/services/approvals/engine.ts': `export const a = 1;\n`,
      'core/services/approvals/documents.ts': `import { a } from './engine.js';\nimport type { T } from '../transfers/record.js';\n`,
      'core/services/transfers/record.ts': `import { a } from '../approvals/engine.js';\nexport const t = a;\n`,
      'core/services/ledger/session.ts': `import { x } from '../alerts/evaluate.js';\n`,
      'core/services/alerts/evaluate.ts': `import { y } from '../stock/read.js';\n`,
      'core/services/stock/read.ts': `import { z } from '../ledger/refs.js';\n`,
      'core/services/ledger/refs.ts': `export const z = 1;\n`,
    });
    expect(code).toBe(1);
    expect(output.trim().split('\n').sort()).toEqual([
      "core/services/errors.ts:1: imports './transfers/record.js' — the shared service files import no service folder",
      'core/services/ledger/session.ts:1: service folders import each other: alerts → stock → ledger → alerts (core/services/alerts/evaluate.ts:1, core/services/stock/read.ts:1, core/services/ledger/session.ts:1)',
      'core/services/transfers/record.ts:1: service folders import each other: approvals → transfers → approvals (core/services/approvals/documents.ts:2, core/services/transfers/record.ts:1)',
    ]);
  });
});
