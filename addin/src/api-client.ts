import {
  fillPath,
  type Answer,
  type ApiPath,
  type CallOptions,
  type Operation,
  type RequestBody,
  type Success,
} from './api-types.js';
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

/** Optional when the operation has no path parameters. */
type Rest<O> =
  CallOptions<O> extends { path: object } ? [options: CallOptions<O>] : [options?: CallOptions<O>];

/**
 * Typed by the API's OpenAPI document (./api-types.ts): paths as the document writes
 * them, parameters, bodies and answers as it describes them.
 */
export interface ApiClient {
  /** The success body; any refusal is thrown as an ApiProblem. */
  get<P extends ApiPath<'get'>>(
    path: P,
    ...options: Rest<Operation<'get', P>>
  ): Promise<Success<Operation<'get', P>>>;
  /** Any documented answer, with its status, to narrow on. */
  post<P extends ApiPath<'post'>>(
    path: P,
    body: RequestBody<Operation<'post', P>>,
    ...options: Rest<Operation<'post', P>>
  ): Promise<Answer<Operation<'post', P>>>;
}

/**
 * A small client for `/api/v1`. Every request says it comes from Excel (for the audit
 * log) and asks for the user's language; errors become messages a shop clerk can act on.
 */
export function apiClient(options: {
  baseUrl: string;
  token: string;
  lang: AddinLang;
  fetch?: typeof fetch;
}): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? fetch.bind(globalThis);
  const headers = {
    authorization: `Bearer ${options.token}`,
    'x-client': 'excel',
    'accept-language': options.lang,
    'content-type': 'application/json',
  };

  async function call(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) {
    let res: Response;
    try {
      res = await send(`${base}/api/v1${path}`, {
        method,
        headers: { ...headers, ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      // Browsers do not say why a request failed; over HTTPS an untrusted or expired
      // certificate looks the same as a server that is down.
      const key = base.startsWith('https:') ? 'certificate' : 'unreachable';
      throw new ApiProblem(
        `${t('unreachable', options.lang, { url: base })} ${key === 'certificate' ? t('certificate', options.lang, { url: base }) : ''}`.trim(),
        'unreachable',
      );
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status === 401)
      throw new ApiProblem(t('wrongToken', options.lang), 'unauthenticated', 401, parsed);
    return { status: res.status, body: parsed };
  }

  type Loose = {
    path?: Record<string, string | number>;
    query?: Record<string, unknown>;
    headers?: Record<string, string>;
  };
  return {
    async get(path: string, options?: Loose) {
      const { status, body } = await call(
        'GET',
        fillPath(path, options?.path, options?.query),
        undefined,
        options?.headers,
      );
      if (status >= 400)
        throw new ApiProblem(
          (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${status}`,
          'refused',
          status,
          body,
        );
      return body as never;
    },
    async post(path: string, body: unknown, options?: Loose) {
      return (await call(
        'POST',
        fillPath(path, options?.path, options?.query),
        body,
        options?.headers,
      )) as never;
    },
  } as ApiClient;
}
