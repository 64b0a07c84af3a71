/**
 * A burst of marketplace orders from three channels competing for one pool of stock,
 * sent to two service processes on one database file. Used by `npm run bench --
 * channels` (2,000 orders in 10 seconds for 500 units) and, smaller, by
 * `tests/ops/channel-burst.test.ts`, which asserts exactly what the benchmark prints.
 */
import http from 'node:http';

export interface BurstResult {
  sent: number;
  held: number;
  refused: number;
  /** Refusals that were not `insufficient_stock` (must be 0). */
  otherErrors: Array<{ status: number; code: string }>;
  seconds: number;
  ordersPerSecond: number;
  p50: number;
  p99: number;
}

const CHANNELS = ['taobao', 'jd', 'pdd'];

/** Three channels on W1 and S1, each listing the same sku; `units` on hand in total. */
export async function setUpBurst(url: string, token: string, units: number): Promise<void> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await call('POST', '/locations', { code: 'W1', name: 'Warehouse', kind: 'warehouse' });
  await call('POST', '/locations', { code: 'S1', name: 'Store', kind: 'store' });
  await call('POST', '/items', { sku: 'HOT', name: 'The product everyone wants' });
  await call('POST', '/movements', {
    type: 'receipt',
    sku: 'HOT',
    quantity: units - Math.floor(units / 5),
    location: 'W1',
  });
  await call('POST', '/movements', {
    type: 'receipt',
    sku: 'HOT',
    quantity: Math.floor(units / 5),
    location: 'S1',
  });
  for (const code of CHANNELS) {
    await call('PUT', `/channels/${code}`, {
      name: code,
      kind: 'marketplace',
      locations: ['W1', 'S1'],
    });
    await call('PUT', `/channels/${code}/listings`, {
      listings: [{ productCode: `${code}-HOT`, sku: 'HOT' }],
    });
  }
}

/**
 * Sends `orders` one-unit orders, round-robin over the three channels and the given
 * servers, arriving evenly over `seconds` (0: as fast as `concurrency` allows).
 * `prefix` names the orders, so a second run with the same prefix replays the feed.
 */
export async function runBurst(options: {
  urls: string[];
  token: string;
  orders: number;
  seconds: number;
  concurrency: number;
  prefix: string;
  path?: (i: number) => { path: string; body: unknown };
}): Promise<BurstResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  /*
   * A keep-alive socket the server closes just as the next request goes out resets
   * (ECONNRESET on a reused socket: the race Node's http docs describe). The order id
   * is the idempotency key, so the client sends the same order again, as a real
   * connector must; any other error, or a reset on a fresh socket, fails the run.
   */
  const send = async (i: number): Promise<{ status: number; code: string; ms: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendOnce(i);
      } catch (error) {
        const reset = (error as { code?: string; reusedSocket?: boolean }).reusedSocket;
        if (!reset || attempt >= 3) throw error;
      }
    }
  };
  const sendOnce = (i: number) =>
    new Promise<{ status: number; code: string; ms: number }>((resolve, reject) => {
      const channel = CHANNELS[i % CHANNELS.length]!;
      const target = options.path?.(i) ?? {
        path: `/api/v1/channels/${channel}/orders`,
        body: {
          orderId: `${options.prefix}-${i}`,
          lines: [{ productCode: `${channel}-HOT`, quantity: 1 }],
        },
      };
      const url = new URL(options.urls[i % options.urls.length]!);
      const body = JSON.stringify(target.body);
      const start = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: target.path,
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            const code =
              res.statusCode === 201
                ? ''
                : ((JSON.parse(text) as { error?: { code: string } }).error?.code ?? '');
            resolve({ status: res.statusCode ?? 0, code, ms: performance.now() - start });
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          Object.assign(error, {
            reusedSocket: req.reusedSocket && error.code === 'ECONNRESET',
          }),
        ),
      );
      req.end(body);
    });

  const started = performance.now();
  const results: Array<{ status: number; code: string; ms: number }> = [];
  let next = 0;
  const interval = options.seconds > 0 ? (options.seconds * 1000) / options.orders : 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= options.orders) return;
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      results.push(await send(i));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    sent: results.length,
    held: results.filter((r) => r.status === 201).length,
    refused: results.filter((r) => r.status === 409 && r.code === 'insufficient_stock').length,
    otherErrors: results
      .filter((r) => r.status !== 201 && !(r.status === 409 && r.code === 'insufficient_stock'))
      .map((r) => ({ status: r.status, code: r.code })),
    seconds,
    ordersPerSecond: results.length / seconds,
    p50: pct(50),
    p99: pct(99),
  };
}
