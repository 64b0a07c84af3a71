import { BlockList, isIP } from 'node:net';

/**
 * How the service is reached from outside the machine: its public address, the
 * reverse proxies whose `X-Forwarded-*` headers it believes, and the web origins
 * (other than its own) that may call the API from a browser.
 */
export interface Deployment {
  /** `https://inventory.example.cn`: what the add-in manifest, the Teams package and links use. */
  publicUrl: string | undefined;
  /** Direct peers whose `X-Forwarded-For/-Proto/-Host` are believed; nobody else's are. */
  trustedProxies: BlockList;
  /** As configured, for messages. */
  trustedProxiesText: string;
  /** Origins allowed by CORS (an add-in hosted elsewhere); the service's own origin needs none. */
  corsOrigins: readonly string[];
}

/**
 * Reads `PUBLIC_URL`, `TRUSTED_PROXIES` (addresses or CIDR ranges, comma-separated) and
 * `CORS_ORIGINS`. Every problem is reported at once, before the service starts.
 *
 * @example
 * deploymentFromEnv({ PUBLIC_URL: 'https://inventory.example.cn', TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/8' })
 */
export function deploymentFromEnv(env: NodeJS.ProcessEnv = process.env): Deployment {
  const problems: string[] = [];
  const publicUrl = origin('PUBLIC_URL', env['PUBLIC_URL'], problems);
  const trustedProxies = new BlockList();
  const proxies = list(env['TRUSTED_PROXIES']);
  for (const entry of proxies) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    if (
      family === 0 ||
      (prefix !== undefined &&
        !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))
    ) {
      problems.push(
        `TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (10.0.0.0/8)`,
      );
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) trustedProxies.addAddress(address, type);
    else trustedProxies.addSubnet(address, prefix, type);
  }
  const corsOrigins = list(env['CORS_ORIGINS']).flatMap(
    (entry) => origin('CORS_ORIGINS', entry, problems) ?? [],
  );
  if (problems.length > 0) throw new Error(`configuration: ${problems.join('; ')}`);
  return { publicUrl, trustedProxies, trustedProxiesText: proxies.join(','), corsOrigins };
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** An https origin (scheme, host, port), without a path: the add-in is served at /addin/ of it. */
function origin(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: "${value}" is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'https:')
    problems.push(`${name}: "${value}" must be https (Office and Teams load nothing else)`);
  if (url.pathname !== '/' || url.search || url.hash)
    problems.push(`${name}: "${value}" must be an origin only, without a path`);
  return url.origin;
}

/** A deployment with nothing configured (tests, the in-process app). */
export const LOCAL_DEPLOYMENT: Deployment = {
  publicUrl: undefined,
  trustedProxies: new BlockList(),
  trustedProxiesText: '',
  corsOrigins: [],
};
