import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * A service whose log reader has gone (a closed terminal, `npm start | head`, a crashed
 * log shipper) must keep serving and still stop when told. Before, pino's stream retried
 * the failed write (EPIPE) every 100 ms for ever at exit, and SIGTERM never ended it.
 */

let dir: ReturnType<typeof tempDir> | undefined;
let server: ServerProcess | undefined;
afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
  dir?.cleanup();
});

function exited(
  s: ServerProcess,
  withinMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      return resolve({ code: s.child.exitCode, signal: s.child.signalCode });
    const timer = setTimeout(() => resolve('still running'), withinMs);
    s.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

async function started(): Promise<ServerProcess> {
  dir = tempDir();
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'pipe.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: 'pipe-token',
  });
  return server;
}

describe.each(['stdout', 'stderr'] as const)('with %s closed by its reader', (pipe) => {
  it('exits 0 on SIGTERM', async () => {
    const s = await started();
    s.child[pipe]!.destroy();
    // The shutdown's own log line is the first write to fail, while the process exits.
    s.child.kill('SIGTERM');
    // Generous for a loaded machine; before the fix it never exited at all.
    expect(await exited(s, 20_000)).toEqual({ code: 0, signal: null });
  });

  it('keeps serving, then exits 0 on SIGTERM', async () => {
    const s = await started();
    s.child[pipe]!.destroy();
    // Every request logs a line: the first write after the close fails with EPIPE.
    for (let i = 0; i < 3; i++)
      expect((await request(s.url, 'GET', '/api/v1/me', 'pipe-token')).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await exited(s, 20_000)).toEqual({ code: 0, signal: null });
  });
});
