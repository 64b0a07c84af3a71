import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';
import { commandsOf, documentedPattern, fencedBlocks, matches } from './examples.js';

/*
 * Every `curl` example in docs/ runs as written. Each document gets a fresh service on a
 * fresh database, the README's first session (the state every document starts from, as
 * it says), and then its shell blocks in order, in bash, with `curl` recording each answer.
 * Every answer must succeed unless its documented output is an error, and every documented
 * output (`# {…}` under or beside a command) must be what the service answers, with `…`
 * standing for what the documentation leaves out.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DOCUMENTED_ORIGIN = 'http://127.0.0.1:3000';
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const FIRST_SESSION = fencedBlocks(README).find(
  (b) => b.heading === 'A first session' && b.lang === 'sh',
)!.body;

/** `curl` recording each answer (tests/docs/curl-recorder.sh). */
const CURL_RECORDER = `source '${join(import.meta.dirname, 'curl-recorder.sh')}'`;

const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((file) => ({
    file,
    blocks: fencedBlocks(readFileSync(join(ROOT, 'docs', file), 'utf8')).filter(
      (b) => b.lang === 'sh' && commandsOf(b.body).some((c) => /(^|[|(]\s*)curl /.test(c.command)),
    ),
  }))
  .filter((d) => d.blocks.length > 0);

function bash(script: string, env: Record<string, string>, cwd: string): Promise<string> {
  return new Promise((done, fail) =>
    execFile(
      'bash',
      ['-e', '-o', 'pipefail', '-c', script],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, cwd },
      (error, out, err) =>
        error ? fail(new Error(`${err || String(error)}\n${script}`)) : done(out),
    ),
  );
}

it('finds the examples of the documents that have them', () => {
  expect(DOCS.map((d) => d.file)).toEqual(
    expect.arrayContaining(['alerts-and-reports.md', 'api.md', 'channels.md', 'documents.md']),
  );
});

describe.each(DOCS)('the examples of docs/$file', ({ blocks }) => {
  let dir: ReturnType<typeof tempDir>;
  let server: ServerProcess;
  let env: Record<string, string>;
  let log: string;

  beforeAll(async () => {
    dir = tempDir();
    server = await startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'docs.db')}`,
      INVENTORY_BOOTSTRAP_TOKEN: 'inv_docs_examples_token_0123456789abcdef',
      LANG: 'C.UTF-8',
    });
    log = join(dir.dir, 'curl.log');
    env = { TOKEN: 'inv_docs_examples_token_0123456789abcdef', CURL_LOG: log };
    await bash(FIRST_SESSION.replaceAll(DOCUMENTED_ORIGIN, server.url), env, dir.dir);
  });
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it.each(blocks.map((b, i) => ({ ...b, n: i + 1 })))(
    'block $n (under "$heading") runs and prints what it documents',
    async ({ body }) => {
      const prelude = `T="Authorization: Bearer $TOKEN"\nAPI=${server.url}/api/v1\n${CURL_RECORDER}`;
      const before = readLog(log).length;
      await bash(`${prelude}\n${body.replaceAll(DOCUMENTED_ORIGIN, server.url)}`, env, dir.dir);
      const answers = readLog(log).slice(before);
      const calls = commandsOf(body).flatMap((c) =>
        [...c.command.matchAll(/(^|[|(]\s*)curl /g)].map(() => c),
      );
      expect(answers.map((a) => a.status).length, 'one answer per curl in the block').toBe(
        calls.length,
      );
      for (const [i, call] of calls.entries()) {
        const answer = answers[i]!;
        const pattern = call.output === undefined ? undefined : documentedPattern(call.output);
        const documentsAnError = call.output?.includes('"error"') ?? false;
        expect(
          answer.status >= 400,
          `${call.command}\n→ ${answer.status} ${answer.body.slice(0, 600)}`,
        ).toBe(documentsAnError);
        if (pattern === undefined) continue;
        const parsed = JSON.parse(answer.body) as unknown;
        const mismatch = matches(parsed, pattern);
        expect(mismatch, `${call.command}\n→ ${answer.body.slice(0, 2000)}`).toBeUndefined();
      }
    },
  );
});

function readLog(path: string): Array<{ status: number; body: string }> {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\x1f')
    .filter((e) => e.length > 0)
    .map((e) => {
      const [status, body] = e.split('\x1e');
      return { status: Number(status), body: body ?? '' };
    });
}
