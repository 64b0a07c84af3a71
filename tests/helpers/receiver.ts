import { createServer, type Server } from 'node:http';

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

/** A local HTTP server that records every request and answers as told (webhook targets, Bot Connector). */
type Answer = number | { status: number; body?: unknown; headers?: Record<string, string> };

export async function startReceiver(
  respond: (req: Omit<Received, 'status'>, n: number) => Answer = () => 200,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      const answer = respond(request, received.length);
      const {
        status,
        body: answerBody = {},
        headers = {},
      } = typeof answer === 'number' ? { status: answer } : answer;
      received.push({ ...request, status });
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(answerBody));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
