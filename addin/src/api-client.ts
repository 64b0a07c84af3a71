import { t, type AddinLang } from './i18n/strings.js';

/** Why a call did not get an answer from the ledger, in words for the user. */
export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'unauthenticated' | 'unreachable' | 'refused',
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

/**
 * A small client for `/api/v1`. Every request says it comes from Excel (for the audit
 * log) and asks for the user's language; errors become messages a shop clerk can act on.
 */
export function apiClient(options: { baseUrl: string; token: string; lang: AddinLang; fetch?: typeof fetch }): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? fetch.bind(globalThis);
  const headers = {
    authorization: `Bearer ${options.token}`,
    'x-client': 'excel',
    'accept-language': options.lang,
    'content-type': 'application/json',
  };

  async function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    let res: Response;
    try {
      res = await send(`${base}/api/v1${path}`, { method, headers: { ...headers, ...extra }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      // Browsers do not say why a request failed; over HTTPS an untrusted or expired
      // certificate looks the same as a server that is down.
      const key = base.startsWith('https:') ? 'certificate' : 'unreachable';
      throw new ApiProblem(`${t('unreachable', options.lang, { url: base })} ${key === 'certificate' ? t('certificate', options.lang, { url: base }) : ''}`.trim(), 'unreachable');
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status === 401) throw new ApiProblem(t('wrongToken', options.lang), 'unauthenticated', 401, parsed);
    return { status: res.status, body: parsed };
  }

  return {
    async get<T>(path: string) {
      const { status, body } = await call('GET', path);
      if (status >= 400) throw new ApiProblem((body as { error?: { message?: string } })?.error?.message ?? `HTTP ${status}`, 'refused', status, body);
      return body as T;
    },
    async post<T>(path: string, body: unknown, extra?: Record<string, string>) {
      return (await call('POST', path, body, extra)) as { status: number; body: T };
    },
  };
}
