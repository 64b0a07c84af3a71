import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { cleanEnv, TSX_LOADER } from './cli.js';
import { contractOf, type Exchange } from './contract.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** stdout and stderr together, as they arrived. */
  output: () => string;
  /** stderr alone: what the service prints for the person at the terminal. */
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the real service (`core/main.ts`, what `npm start` runs) as a child process
 * (in the project's folder unless `cwd` says otherwise) and waits until /healthz answers.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: {
    cwd?: string;
    args?: string[];
    startTimeoutMs?: number;
    /** The port to listen on (a server started again where its clients expect it); a free one by default. */
    port?: number;
  } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, resolve(ROOT, 'core/main.ts'), ...(options.args ?? [])],
    {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv({ HOST: '127.0.0.1', PORT: String(port), ...env }, options.cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  let errors = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    errors += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => log,
    stderr: () => errors,
    stop(signal = 'SIGTERM') {
      return new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop(child.exitCode);
        child.once('exit', (code) => resolveStop(code));
        child.kill(signal);
      });
    },
  };
}

const documents = new Map<string, Promise<string>>();

/**
 * A JSON request to a running service. The response is checked against the OpenAPI
 * document that service serves (tests/helpers/contract.ts), as in-process calls are.
 */
export async function request(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  await checkContract(url, { method, url: path, status: res.status, headers: res.headers, text });
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Checks a response a running service gave against the document it serves. */
export async function checkContract(url: string, exchange: Exchange): Promise<void> {
  let document = documents.get(url);
  if (!document) {
    document = fetch(`${url}/openapi.json`).then((r) => r.text());
    documents.set(url, document);
  }
  contractOf(await document).check(exchange);
}
