import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALERT_KINDS } from '../../core/domain/alerts.js';
import { ISSUE_CODES, RESULT_CODES } from '../../core/domain/codes.js';
import { DOCUMENT_TYPES } from '../../core/domain/documents.js';
import { VIRTUAL_LOCATIONS } from '../../core/domain/locations.js';
import {
  ERROR_TEMPLATES,
  errorMessage,
  ISSUE_TEMPLATE_KEYS,
  issueMessage,
} from '../../core/i18n/error-messages.js';
import { EVENT_TEMPLATES, eventLine } from '../../core/i18n/event-messages.js';
import { LANGUAGES, type Lang } from '../../core/i18n/language.js';
import { PAGE_TEXTS } from '../../core/i18n/page-texts.js';
import { locationLabel } from '../../core/i18n/render.js';
import {
  ENTITIES,
  FORBIDDEN_REASONS,
  ISSUE_REASONS,
  ROLE_WORDS,
  STATE_REASONS,
  STATES,
  VOCABULARY_KEYS,
  type Words,
} from '../../core/i18n/vocabulary.js';
import { zodIssues } from '../../core/services/validation.js';

/*
 * Every code a person can be shown (result codes, issue codes, refusal reasons, states,
 * document, alert and location kinds, zod's rules) renders in both languages: a text
 * exists, no `{placeholder}` is left unfilled, and no snake_case code is left in a
 * Chinese message (`location_out_of_scope`, `pending_approval`, `stocktake_variance`).
 */

const SNAKE = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/;
const PLACEHOLDER = /\{\w+\}/;

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** A sample value for every placeholder of both languages' templates. */
function sample(texts: Record<Lang, string>): Record<string, string | number> {
  const names = new Set(LANGUAGES.flatMap((l) => placeholders(texts[l])));
  return Object.fromEntries([...names].map((n) => [n, n === 'entity' ? 'transfer' : 7]));
}

function readable(text: string, lang: Lang, what: string): void {
  expect(text.trim(), `${what} (${lang}) is empty`).not.toBe('');
  expect(text, `${what} (${lang}) leaves a placeholder: ${text}`).not.toMatch(PLACEHOLDER);
  if (lang === 'zh-CN') expect(text, `${what} (zh-CN) shows a code: ${text}`).not.toMatch(SNAKE);
}

function everyWord(words: Words, keys: readonly string[], what: string): void {
  for (const key of keys)
    for (const lang of LANGUAGES) {
      const text = words[key]?.[lang];
      expect(text, `${what} "${key}" has no ${lang} text`).toBeTruthy();
      readable(text!, lang, `${what} ${key}`);
    }
}

/** String literals a pattern captures in the service code: what the catalogues must cover. */
function sourceLiterals(pattern: RegExp): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(pattern)) found.add(m[1]!);
    }
  };
  walk('core');
  return found;
}

describe('every message catalogue, in both languages', () => {
  it('has every template in both languages, with the same placeholders', () => {
    const pages = Object.entries(PAGE_TEXTS).map(([k, v]) => [`page.${k}`, v] as const);
    const all = { ...ERROR_TEMPLATES, ...EVENT_TEMPLATES, ...Object.fromEntries(pages) };
    for (const [key, texts] of Object.entries(all)) {
      for (const lang of LANGUAGES) expect(texts[lang], `${key} (${lang})`).toBeTruthy();
      const zh = new Set(placeholders(texts['zh-CN']));
      for (const p of zh)
        expect(placeholders(texts.en), `${key}: {${p}} only in zh-CN`).toContain(p);
      const params = sample(texts);
      for (const lang of LANGUAGES) {
        // Placeholders are filled by the renderer; the template's own words must not be codes.
        const filled = texts[lang].replace(/\{(\w+)\}/g, (_m, n: string) => String(params[n]));
        readable(filled, lang, key);
      }
    }
  });

  it('renders every result code', () => {
    for (const code of RESULT_CODES)
      for (const lang of LANGUAGES)
        readable(
          errorMessage(code, sample(ERROR_TEMPLATES[code]!), lang),
          lang,
          `result code ${code}`,
        );
  });

  it('renders every issue code', () => {
    for (const code of ISSUE_CODES) {
      expect(ISSUE_TEMPLATE_KEYS, `issue code ${code} has no text`).toContain(code);
      for (const lang of LANGUAGES)
        readable(
          issueMessage({ path: 'x', code, params: sample(ERROR_TEMPLATES[code]!) }, lang),
          lang,
          `issue ${code}`,
        );
    }
  });

  it('says why for every refusal reason the services give', () => {
    const reasons = new Set([
      ...Object.keys(FORBIDDEN_REASONS),
      ...sourceLiterals(/forbidden\('(\w+)'\)/g),
      // what the domain returns as a refusal (approval eligibility, the item master)
      'own_document',
      'already_decided',
      'role_too_low',
      'location_out_of_scope',
      'scoped_manager_cannot_edit_items',
    ]);
    for (const reason of reasons) {
      expect(FORBIDDEN_REASONS[reason], `forbidden reason ${reason} has no text`).toBeDefined();
      for (const lang of LANGUAGES)
        readable(errorMessage('forbidden', { reason }, lang), lang, `forbidden ${reason}`);
    }
    for (const reason of Object.keys(STATE_REASONS))
      for (const lang of LANGUAGES)
        readable(
          errorMessage(
            'invalid_state',
            { ...sample(STATE_REASONS[reason]!), reason, entity: 'transfer', document: 'transfer' },
            lang,
          ),
          lang,
          `invalid_state ${reason}`,
        );
    for (const reason of sourceLiterals(/params: \{ reason: '(\w+)'/g)) {
      expect(ISSUE_REASONS[reason], `issue reason ${reason} has no text`).toBeDefined();
      for (const lang of LANGUAGES)
        readable(
          issueMessage(
            { path: 'lines', code: 'invalid_value', params: { reason, sku: 'A' } },
            lang,
          ),
          lang,
          `issue reason ${reason}`,
        );
    }
  });

  it('names every state of every document, in every entity', () => {
    const states = new Set([
      ...VOCABULARY_KEYS.states,
      ...sourceLiterals(/invalidState\('\w+', '(\w+)'\)/g),
      ...sourceLiterals(/entity: '\w+', status: '(\w+)'/g),
    ]);
    everyWord(STATES, [...states], 'state');
    const entities = new Set([
      ...Object.keys(ENTITIES),
      ...DOCUMENT_TYPES,
      ...sourceLiterals(/invalidState\('(\w+)'/g),
      ...sourceLiterals(/notFound\('(\w+)'/g),
      ...sourceLiterals(/alreadyExists\('(\w+)'/g),
    ]);
    everyWord(ENTITIES, [...entities], 'entity');
    for (const entity of entities)
      for (const status of states)
        for (const lang of LANGUAGES)
          readable(
            errorMessage('invalid_state', { entity, status }, lang),
            lang,
            `invalid_state ${entity} ${status}`,
          );
  });

  it('stale versions say to refresh, in Chinese too', () => {
    const params = { entity: 'transfer', status: 'pending_approval', version: 4 };
    expect(errorMessage('invalid_state', { ...params, reason: 'stale_version' }, 'zh-CN')).toBe(
      '该调拨单已被他人修改（当前版本 4），请刷新后重试。',
    );
  });

  it('names every kind of document, alert and location, and every role', () => {
    everyWord(ENTITIES, DOCUMENT_TYPES, 'document kind');
    everyWord(ROLE_WORDS, ['admin', 'manager', 'clerk', 'viewer'], 'role');
    for (const kind of ALERT_KINDS)
      for (const topic of ['alert.opened', 'alert.resolved', 'alert.acknowledged'])
        for (const lang of LANGUAGES) {
          const template = EVENT_TEMPLATES[topic === 'alert.opened' ? `${topic}:${kind}` : topic]!;
          const lots = [{ lot: 'L1', onHand: 2, expiresOn: '2026-01-01' }];
          const payload = { ...sample(template), kind, sku: 'LJ-250', location: 'S1', lots };
          const line = eventLine(topic, payload, lang);
          readable(line, lang, `${topic} ${kind}`);
        }
    for (const type of DOCUMENT_TYPES)
      for (const lang of LANGUAGES) {
        for (const topic of ['approval.requested', 'approval.decided'])
          readable(
            eventLine(
              topic,
              {
                documentType: type,
                documentId: 1,
                role: 'manager',
                locations: ['S1'],
                requestedBy: 'Li',
                decision: 'approved',
                by: 'Wang',
              },
              lang,
            ),
            lang,
            `${topic} ${type}`,
          );
      }
    for (const code of [...VIRTUAL_LOCATIONS.map((l) => l.code), 'S1.quarantine']) {
      const zh = locationLabel(code, 'zh-CN');
      expect(zh, `${code} in Chinese`).not.toMatch(/[A-Za-z]{3,}/);
      expect(locationLabel(code, 'en')).not.toBe(zh);
    }
    for (const kind of VOCABULARY_KEYS.locationKinds) expect(kind).toBeTruthy();
  });

  it('renders every zod rule a schema can break, with the expected form', () => {
    const cases: Array<[z.ZodType, unknown]> = [
      [z.number(), 'x'],
      [z.number().int(), 1.5],
      [z.string(), 1],
      [z.boolean(), 'x'],
      [z.object({}), 1],
      [z.array(z.string()), 1],
      [z.string().min(1), ''],
      [z.string().max(2), 'abc'],
      [z.array(z.string()).min(1), []],
      [z.array(z.string()).max(1), ['a', 'b']],
      [z.number().min(1), 0],
      [z.number().max(1), 2],
      [z.string().regex(/^a$/), 'b'],
      [z.iso.date(), 'x'],
      [z.iso.datetime({ offset: true }), 'x'],
      [z.email(), 'x'],
      [z.url(), 'x'],
      [z.uuid(), 'x'],
      [z.enum(['a', 'b']), 'c'],
      [z.literal('a'), 'c'],
      [z.strictObject({}), { extra: 1 }],
      [z.object({ a: z.string() }), {}],
    ];
    for (const [schema, input] of cases) {
      const result = schema.safeParse(input, { reportInput: true });
      expect(result.success).toBe(false);
      for (const issue of zodIssues(result.error!))
        for (const lang of LANGUAGES)
          readable(issueMessage(issue, lang), lang, `zod ${issue.code} ${JSON.stringify(input)}`);
    }
    const [type] = zodIssues(z.number().safeParse('x', { reportInput: true }).error!);
    expect(issueMessage(type!, 'zh-CN')).toBe('应为数字，例如 12');
  });
});
