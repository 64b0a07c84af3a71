import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { API_BASE } from '../../core/http/app.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, any>;

/** One response as a client received it, with the request that got it. */
export interface Exchange {
  method: string;
  /** The request URL or its path, query string allowed. */
  url: string;
  status: number;
  headers: Headers;
  /** The body as text, as it came over the wire. */
  text: string;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literals: number;
  operation: Json;
}

/**
 * The served OpenAPI document as a checker of responses: every response a test receives
 * must have a status the operation documents, a body its schema accepts (Ajv, JSON
 * Schema 2020-12 as OpenAPI 3.1 says) and the headers the document promises, and only
 * documented ones among those the document names anywhere. A response that does not is
 * a contract break: the document or the server is wrong, and the test that got it fails
 * with the operation, the status and the schema path.
 */
export class Contract {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  readonly #operations: Operation[] = [];
  readonly #headerNames = new Set<string>();

  constructor(readonly document: Json) {
    addFormats(this.#ajv);
    this.#ajv.addSchema(document, DOCUMENT_ID);
    for (const [template, item] of Object.entries(document['paths'] as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const literals = template.split('/').filter((s) => s && !s.startsWith('{')).length;
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        this.#operations.push({
          method,
          template,
          pattern: new RegExp(`^${source}$`),
          literals,
          operation: operation as Json,
        });
        for (const response of Object.values((operation as Json)['responses'] ?? {})) {
          for (const name of Object.keys(this.#resolve(response as Json)['headers'] ?? {}))
            this.#headerNames.add(name.toLowerCase());
        }
      }
    }
    // Most specific first: `/items/batch` before `/items/{sku}`.
    this.#operations.sort((a, b) => b.literals - a.literals);
  }

  /** Throws a `ContractViolation` naming every way the response breaks the document. */
  check(exchange: Exchange): void {
    const method = exchange.method.toLowerCase();
    if (method === 'head' || method === 'options') return;
    const path = new URL(exchange.url, 'http://contract').pathname;
    const found = this.#operations.find((o) => o.method === method && o.pattern.test(path));
    if (!found) {
      // Outside the API (static files, metrics) the document promises nothing; inside
      // it, an undocumented method or path is the documented 404.
      if (!path.startsWith(`${API_BASE}/`)) return;
      const problems =
        exchange.status === 404
          ? this.#body(ERROR_POINTER, 'application/json', exchange)
          : [
              `status ${exchange.status}: no operation documents ${method.toUpperCase()} ${path}, so only a 404 is allowed`,
            ];
      if (problems.length > 0)
        throw new ContractViolation(
          `${method.toUpperCase()} ${path} (no operation)`,
          exchange,
          problems,
        );
      return;
    }

    const where = `#/paths/${pointer(found.template)}/${method}/responses`;
    const responses = found.operation['responses'] as Json;
    const status = String(exchange.status);
    const key =
      status in responses
        ? status
        : `${status[0]}XX` in responses
          ? `${status[0]}XX`
          : 'default' in responses
            ? 'default'
            : undefined;
    const label = `${method.toUpperCase()} ${found.template} (${found.operation['operationId']})`;
    if (key === undefined) {
      throw new ContractViolation(label, exchange, [
        `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')}) at ${where}`,
      ]);
    }
    // A shared response (components.responses) is checked where it is written.
    const ref = (responses[key] as Json)['$ref'];
    const at = typeof ref === 'string' ? ref : `${where}/${key}`;
    const response = this.#resolve(responses[key] as Json);
    const problems = [...this.#headers(response, `${at}/headers`, exchange)];
    const content = response['content'] as Json | undefined;
    const type = (exchange.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!content) {
      if (exchange.text !== '')
        problems.push(
          `status ${status} documents no body, but one came (${type || 'no content-type'}) at ${at}`,
        );
    } else if (!(type in content)) {
      problems.push(
        `content-type '${type}' is not documented (documented: ${Object.keys(content).join(', ')}) at ${at}/content`,
      );
    } else if (content[type]?.['schema'] !== undefined) {
      problems.push(...this.#body(`${at}/content/${pointer(type)}/schema`, type, exchange));
    }
    if (problems.length > 0)
      throw new ContractViolation(`${label} → ${status}`, exchange, problems);
  }

  #headers(response: Json, where: string, exchange: Exchange): string[] {
    const problems: string[] = [];
    const documented = new Map(
      Object.entries((response['headers'] ?? {}) as Json).map(([name, h]) => [
        name.toLowerCase(),
        { name, header: this.#resolve(h as Json) },
      ]),
    );
    for (const [lower, { name, header }] of documented) {
      const value = exchange.headers.get(lower);
      if (value === null) {
        if (header['required'])
          problems.push(`header ${name} is required but missing at ${where}/${name}`);
        continue;
      }
      const schema = header['schema'] as Json | undefined;
      if (schema) {
        const resolved = this.#resolve(schema);
        const validate = this.#ajv.compile(resolved);
        // Headers are text; a number-typed header is checked as the number it spells.
        const parsed = /^(integer|number)$/.test(String(resolved['type'])) ? Number(value) : value;
        if (!validate(parsed))
          problems.push(
            `header ${name}: '${value}' ${describe(validate.errors)} at ${where}/${name}/schema`,
          );
      }
    }
    for (const name of this.#headerNames) {
      if (!documented.has(name) && exchange.headers.has(name))
        problems.push(
          `header ${name} was sent but is not documented for this response at ${where}`,
        );
    }
    return problems;
  }

  #body(schemaPointer: string, type: string, exchange: Exchange): string[] {
    let body: unknown = exchange.text;
    if (/json/.test(type)) {
      try {
        body = JSON.parse(exchange.text);
      } catch {
        return [
          `the body is not JSON although the content-type is ${type}: ${exchange.text.slice(0, 200)}`,
        ];
      }
    }
    const validate = this.#validator(schemaPointer);
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map(
        (e) =>
          `body${e.instancePath || ' (root)'}: ${e.message}${params(e)} (schema ${e.schemaPath}, from ${schemaPointer})`,
      );
  }

  #validator(schemaPointer: string): ValidateFunction {
    const validate = this.#ajv.getSchema(`${DOCUMENT_ID}${schemaPointer}`);
    if (!validate) throw new Error(`the document has no schema at ${schemaPointer}`);
    return validate;
  }

  /** Follows a `$ref` to a component (responses, headers) of the document. */
  #resolve(node: Json): Json {
    const ref = node['$ref'];
    if (typeof ref !== 'string') return node;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<any>(
        (at, part) => at?.[part.replaceAll('~1', '/').replaceAll('~0', '~')],
        this.document,
      );
    if (!target) throw new Error(`the document has a dangling reference ${ref}`);
    return this.#resolve(target as Json);
  }
}

/** A response that breaks the document; the message says which operation, status and schema path. */
export class ContractViolation extends Error {
  constructor(what: string, exchange: Exchange, problems: string[]) {
    super(
      `The response breaks the OpenAPI document: ${what}\n  ${problems.join('\n  ')}\n  body: ${exchange.text.slice(0, 500)}`,
    );
    this.name = 'ContractViolation';
  }
}

const DOCUMENT_ID = 'openapi.json';
const ERROR_POINTER = '#/components/schemas/Error';
const contracts = new Map<string, Contract>();

/** The checker for a served document, built once per distinct document. */
export function contractOf(documentText: string): Contract {
  let contract = contracts.get(documentText);
  if (!contract) {
    contract = new Contract(JSON.parse(documentText) as Json);
    contracts.set(documentText, contract);
  }
  return contract;
}

function pointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.message}${params(e)}`).join('; ');
}

function params(error: ErrorObject): string {
  const p = error.params as Json;
  if ('additionalProperty' in p) return `: '${p['additionalProperty']}'`;
  if ('allowedValues' in p) return `: ${JSON.stringify(p['allowedValues'])}`;
  return '';
}
