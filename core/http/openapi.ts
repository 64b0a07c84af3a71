import { z } from 'zod';
import { RESULT_CODES } from '../domain/codes.js';
import { ErrorBody, QUANTITY_INPUTS, QUANTITY_TEXT } from '../services/schemas.js';
import { RESPONSE_HEADERS, responses } from './openapi-responses.js';
import type { AnyRouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas that
 * validate requests. Schemas named with `.meta({ id })` become components.
 */
export function openApiDocument(base: string, routes: readonly AnyRouteSpec[]): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const refusals: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output') => toSchema(schema, io, components);
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const path = base + route.path.replace(/:(\w+)/g, '{$1}');
    const parameters: Array<Record<string, unknown>> = [
      ...objectParameters(route.params, 'path', convert, components),
      ...objectParameters(route.query, 'query', convert, components),
    ];
    if (route.method !== 'get') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Same key and body: the first response again, no second effect.',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    }
    const operation: Record<string, unknown> = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses: responses(route, convert, refusals),
    };
    if (route.description) operation['description'] = route.description;
    const body = route.bodyDoc ?? route.body;
    if (body) {
      // An empty body reads as `{}` (core/http/body.ts): a body that may be `{}` may be left out.
      const required = !(route.body ?? body).safeParse({}).success;
      operation['requestBody'] = {
        required,
        content: { 'application/json': { schema: convert(body, 'input') } },
      };
    }
    if (route.auth === false) operation['security'] = [];
    (paths[path] ??= {})[route.method] = operation;
  }

  // Registers itself under its id; the returned $ref is not the schema.
  toSchema(ErrorBody, 'output', components);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inventory ledger API',
      version: '1.0.0',
      description: `Result codes, in order of precedence: ${RESULT_CODES.join(', ')}.`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: withoutUnused(components, [paths, refusals]),
      responses: sortedByName(refusals),
      headers: RESPONSE_HEADERS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function objectParameters(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  convert: (s: z.ZodType, io: 'input') => JsonSchema,
  components: Record<string, JsonSchema>,
) {
  if (!schema) return [];
  const json = inline(convert(schema, 'input'), components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** A named path or query schema is read from its component (parameters are per field). */
function inline(json: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const ref = json['$ref'];
  return typeof ref === 'string'
    ? (components[ref.replace('#/components/schemas/', '')] ?? {})
    : json;
}

/** Drops schema components nothing references (a query schema read field by field). */
function withoutUnused(
  schemas: Record<string, JsonSchema>,
  users: unknown,
): Record<string, JsonSchema> {
  const kept = { ...schemas };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of Object.keys(kept)) {
      const { [name]: _self, ...others } = kept;
      if (!JSON.stringify([users, others]).includes(`"#/components/schemas/${name}"`)) {
        delete kept[name];
        changed = true;
      }
    }
  }
  return kept;
}

function toSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // A quantity is sent as a whole number or as digits (`"12"`, `"１２"`); it is answered as a number.
    override: ({ zodSchema, jsonSchema }) => {
      const number =
        io === 'input' ? QUANTITY_INPUTS.get(zodSchema as unknown as z.ZodType) : undefined;
      if (!number) return;
      const { $schema: _s, ...integer } = z.toJSONSchema(number) as JsonSchema;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      Object.assign(jsonSchema, {
        anyOf: [integer, { type: 'string', pattern: QUANTITY_TEXT }],
        description: 'A whole number, or its digits as text ("12", full-width "１２")',
      });
    },
  }) as JsonSchema;
  const {
    $schema: _ignored,
    $defs,
    id,
    ...rest
  } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = relink(def);
  const own =
    typeof id === 'string' ? id : (z.globalRegistry.get(schema)?.id as string | undefined);
  if (own) {
    // zod may already have put the named schema itself into $defs and left a $ref.
    if (rest['$ref'] === undefined) components[own] = relink(rest);
    return { $ref: `#/components/schemas/${own}` };
  }
  return relink(rest);
}

function relink(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
}

function operationId(route: AnyRouteSpec): string {
  const words = route.path
    .split('/')
    .filter((s) => s && !s.startsWith(':'))
    .map((s) => s.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase()));
  const name = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  const byParam = route.path.includes(':') ? 'ById' : '';
  return `${route.method}${name[0]!.toUpperCase()}${name.slice(1)}${byParam}`;
}

function sortedByName(record: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
