import type { paths } from '../../core/http/api-types.gen.js';
import { format } from '../../core/i18n/language.js';

/*
 * The API's operations as types, from core/http/api-types.gen.ts (generated from the
 * served OpenAPI document by `npm run api:types`): a path, field or status the document
 * changes breaks the add-in's build where it relies on it.
 */

type Base = '/api/v1';
type Method = 'get' | 'post' | 'put' | 'delete';

/** Paths under /api/v1, as the document writes them (`/stock/{location}/{sku}`). */
export type ApiPath<M extends Method> = {
  [P in keyof paths]: NonNullable<paths[P][M]> extends never
    ? never
    : P extends `${Base}${infer Rest}`
      ? Rest
      : never;
}[keyof paths];

export type Operation<M extends Method, P extends ApiPath<M>> = NonNullable<
  paths[`${Base}${P}`][M]
>;

type Parameters<O> = O extends { parameters: infer X } ? X : never;
export type PathParams<O> = Parameters<O> extends { path: infer X } ? X : undefined;
export type QueryParams<O> = Parameters<O> extends { query?: infer X } ? X : undefined;
export type RequestBody<O> = O extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : undefined;

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<O> = O extends { responses: infer R } ? R : never;

/** The body of the operation's success answer (200 or 201). */
export type Success<O> = Json<Responses<O>[keyof Responses<O> & (200 | 201)]>;

/** Any answer the operation documents, with its status: narrow on `status`. */
export type Answer<O> = {
  [S in keyof Responses<O>]: { status: S; body: Json<Responses<O>[S]> };
}[keyof Responses<O>];

/** What the call needs besides the body: path parameters when the path has some, the query. */
export type CallOptions<O> = (PathParams<O> extends undefined
  ? { path?: undefined }
  : { path: PathParams<O> }) & {
  query?: QueryParams<O>;
  headers?: Record<string, string>;
};

/** `/stock/{location}/{sku}` with `{ location: 'S1', sku: 'A 1' }` → `/stock/S1/A%201`, plus the query. */
export function fillPath(
  template: string,
  path?: Record<string, string | number>,
  query?: Record<string, unknown>,
): string {
  const encoded = Object.fromEntries(
    Object.entries(path ?? {}).map(([k, v]) => [k, encodeURIComponent(String(v))]),
  );
  const filled = format(template, encoded);
  const missing = /\{(\w+)\}/.exec(filled);
  if (missing) throw new Error(`${template}: no value for {${missing[1]}}`);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== null) search.set(name, String(value));
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}
