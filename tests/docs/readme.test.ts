import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';
import { fencedBlocks } from './examples.js';

/*
 * The README is what a newcomer runs first, so it is run here as written: its first
 * session goes through bash against the real server on a fresh database, with the
 * token that server printed, and each documented output is compared.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The address the README documents; the test's server listens on a free port instead. */
const DOCUMENTED_ORIGIN = 'http://127.0.0.1:3000';

/** `curl -s` prints bodies back to back: split them into JSON values. */
function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' || ch === ']') {
      if (--depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return values;
}

/**
 * Each command of a shell block with the output documented under it (comment lines
 * that start with `# {` or `# [` and their continuations), joined as one JSON text.
 */
function documentedOutputs(body: string): Array<{ command: string; output: string | undefined }> {
  const steps: Array<{ command: string; output: string | undefined }> = [];
  for (const line of body.split('\n')) {
    const comment = /^#\s?(.*)$/.exec(line);
    const last = steps[steps.length - 1];
    if (comment && last && (last.output !== undefined || /^[{[]/.test(comment[1]!.trim()))) {
      last.output = (last.output ?? '') + comment[1]!.trim();
    } else if (!comment && line.trim()) steps.push({ command: line, output: undefined });
  }
  return steps;
}

/**
 * The answer with every value the documentation elides as "…" (a random id, such as
 * the ledger's epoch) replaced by "…", so the rest is compared exactly.
 */
function elided(answer: unknown, documented: unknown): unknown {
  if (documented === '…') return '…';
  if (Array.isArray(answer) && Array.isArray(documented))
    return answer.map((a, i) => elided(a, documented[i]));
  if (answer && documented && typeof answer === 'object' && typeof documented === 'object') {
    return Object.fromEntries(
      Object.entries(answer).map(([k, v]) => [
        k,
        elided(v, (documented as Record<string, unknown>)[k]),
      ]),
    );
  }
  return answer;
}

describe('README.md', () => {
  it('starts with the two commands and stays short', () => {
    const [first] = fencedBlocks(README);
    expect(first!.body.split('\n').map((l) => l.split('#')[0]!.trim())).toEqual([
      'npm install && npm start',
      'npm test',
    ]);
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(25 * 1024);
  });

  it('links only to files that exist', () => {
    for (const [, target] of README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
      if (/^https?:/.test(target!)) continue;
      expect(() => statSync(join(ROOT, target!)), target).not.toThrow();
    }
  });
});

describe("the README's first session", () => {
  let dir: ReturnType<typeof tempDir>;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    dir = tempDir();
    server = await startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'first.db')}`,
      LANG: 'C.UTF-8',
    });
    const deadline = Date.now() + 10_000;
    while (!/export TOKEN=(\S+)/.test(server.stderr()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    token = /export TOKEN=(\S+)/.exec(server.stderr())![1]!;
  });
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it('shows the first start as the server prints it', () => {
    const sample = fencedBlocks(README).find(
      (b) => b.heading === 'The first start' && b.lang === 'text',
    );
    const sampleToken = /export TOKEN=(\S+)/.exec(sample!.body)![1]!;
    for (const line of sample!.body.split('\n').filter((l) => l.trim())) {
      expect(server.stderr()).toContain(
        line.replace(sampleToken, token).replace(DOCUMENTED_ORIGIN, server.url),
      );
    }
  });

  it('runs with bash as written, with the printed token, and prints what it documents', async () => {
    const block = fencedBlocks(README).find(
      (b) => b.heading === 'A first session' && b.lang === 'sh',
    );
    expect(block, 'a ```sh block under "A first session"').toBeDefined();
    const script = block!.body.replaceAll(DOCUMENTED_ORIGIN, server.url);
    const stdout = await new Promise<string>((done, fail) =>
      execFile(
        'bash',
        ['-e', '-c', script],
        { env: { PATH: process.env['PATH'] ?? '', TOKEN: token } },
        (error, out, err) => (error ? fail(new Error(err || String(error))) : done(out)),
      ),
    );

    const steps = documentedOutputs(block!.body);
    const requests = steps.filter((s) => s.command.startsWith('curl '));
    const answers = jsonValues(stdout);
    expect(answers).toHaveLength(requests.length);
    for (const [i, answer] of answers.entries()) {
      expect(answer, requests[i]!.command).not.toHaveProperty('error');
      if (requests[i]!.output !== undefined) {
        const documented = JSON.parse(requests[i]!.output!) as unknown;
        expect(elided(answer, documented), requests[i]!.command).toEqual(documented);
      }
    }
    expect(requests.filter((s) => s.output !== undefined).length).toBeGreaterThan(0);
  });
});
