import type { Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { isIP } from 'node:net';
import {
  addinBuiltAt,
  addinManifest,
  DEV_ORIGIN,
  manifestTemplate,
  manifestVersion,
  packageVersion,
} from '../addin/manifest.js';
import type { Deployment } from '../config/deployment.js';
import { LANGUAGES } from '../i18n/language.js';
import { PUBLIC_PAGES } from '../i18n/public-pages.js';
import type { AppEnv } from './env.js';

/** What a request says about where it came from, believed only from a trusted proxy. */
export interface Forwarded {
  /** The client's address: the peer, or the last address before the trusted proxies. */
  clientIp: string | undefined;
  /** The origin the client used (`https://inventory.example.cn`). */
  origin: string | undefined;
  /** Whether a trusted proxy said so (otherwise the origin is only the Host header). */
  proxied: boolean;
}

/**
 * `X-Forwarded-For`, `-Proto` and `-Host` are honoured only when the direct peer is one
 * of `TRUSTED_PROXIES`: anyone else could send them to be logged as someone else or
 * to have the add-in manifest point at their own host.
 */
export function forwarded(c: Context<AppEnv>, deployment: Deployment): Forwarded {
  const socket = (
    c.env as { incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } } } | undefined
  )?.incoming?.socket;
  const peer = socket?.remoteAddress;
  const own = {
    clientIp: peer,
    origin: c.req.header('host')
      ? `${socket?.encrypted ? 'https' : 'http'}://${c.req.header('host')}`
      : undefined,
    proxied: false,
  };
  if (!peer || !trusted(deployment, peer)) return own;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => isIP(s) !== 0);
  let clientIp = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    clientIp = hops[i]!;
    if (!trusted(deployment, clientIp)) break;
  }
  const last = (name: string) => c.req.header(name)?.split(',').at(-1)?.trim() || undefined;
  const proto = last('x-forwarded-proto');
  const host = last('x-forwarded-host') ?? c.req.header('host');
  const valid = proto && host && /^https?$/.test(proto) && /^[\w.-]+(:\d+)?$/.test(host);
  return valid ? { clientIp, origin: `${proto}://${host}`, proxied: true } : { ...own, clientIp };
}

function trusted(deployment: Deployment, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && deployment.trustedProxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The routes that make the service usable beyond localhost: CORS for the configured
 * origins, the add-in manifest for this server, and the pages the Teams package names.
 */
export function deploymentRoutes(
  app: Hono<AppEnv>,
  deployment: Deployment,
  options: { apiBase: string; localAddinOrigin?: string },
): void {
  const allowed = new Set(deployment.corsOrigins);
  app.use(
    `${options.apiBase}/*`,
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'Accept-Language',
        'X-Client',
        'X-Request-Id',
      ],
      exposeHeaders: ['X-Request-Id', 'Idempotent-Replayed', 'Retry-After', 'Location'],
      maxAge: 600,
    }),
  );

  // The manifest for this server: PUBLIC_URL, else the https origin a trusted proxy says, else the local one.
  const template = manifestTemplate();
  const version = manifestVersion(packageVersion(), addinBuiltAt() ?? Date.now());
  app.get('/addin/manifest.xml', (c) => {
    c.set('route', '/addin/manifest.xml');
    const seen = forwarded(c, deployment);
    const origin =
      deployment.publicUrl ??
      (seen.proxied && seen.origin?.startsWith('https://')
        ? seen.origin
        : (options.localAddinOrigin ?? DEV_ORIGIN));
    return c.body(addinManifest(template, origin, version), 200, {
      'content-type': 'application/xml; charset=utf-8',
      'cache-control': 'no-cache',
      'content-disposition': 'inline; filename="manifest.xml"',
    });
  });

  for (const page of ['privacy', 'terms'] as const) {
    app.get(`/${page}`, (c) => {
      c.set('route', `/${page}`);
      return c.html(renderPage(page));
    });
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function renderPage(page: keyof typeof PUBLIC_PAGES): string {
  const sections = LANGUAGES.map((lang) => {
    const { title, paragraphs } = PUBLIC_PAGES[page][lang];
    return `<section lang="${lang}"><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</section>`;
  });
  const title = LANGUAGES.map((lang) => PUBLIC_PAGES[page][lang].title).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Inventory ledger</title><style>body{font-family:system-ui,'Microsoft YaHei',sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.6}section+section{border-top:1px solid #ccc;margin-top:2rem}</style></head><body>${sections.join('')}</body></html>`;
}
