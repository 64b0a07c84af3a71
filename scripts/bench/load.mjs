/**
 * A small HTTP load generator for `npm run bench`, in plain JavaScript on node:http
 * with keep-alive connections (Node 20's fetch costs the client more than the server
 * spends on a request). Posts LOAD_COUNT receipts to LOAD_URL over LOAD_CONCURRENCY
 * connections after a warm-up, and prints {"ms": …, "p50": …, "p99": …}.
 */
import http from 'node:http';

const url = new URL(process.env.LOAD_URL);
const count = Number(process.env.LOAD_COUNT ?? 1000);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 1);
const body = JSON.stringify({ type: 'receipt', sku: 'A', quantity: 1, location: 'S1' });
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const headers = {
  authorization: `Bearer ${process.env.LOAD_TOKEN}`,
  'content-type': 'application/json',
  'content-length': Buffer.byteLength(body),
};

function post() {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(n) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next++ < n) {
      const start = performance.now();
      await post();
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - start, latencies: latencies.sort((a, b) => a - b) };
}

await run(Math.min(500, count)); // warm up both ends
const { ms, latencies } = await run(count);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(JSON.stringify({ ms, p50: at(0.5), p99: at(0.99) }));
agent.destroy();
