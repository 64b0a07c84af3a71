import { quarantineCode, VIRTUAL_LOCATIONS } from '../domain/locations.js';
import type { Lang } from './language.js';
import {
  ALERT_KIND_WORDS,
  DECISION_WORDS,
  ENTITIES,
  FORMAT_WORDS,
  LOCATION_KIND_WORDS,
  MOVEMENT_TYPE_WORDS,
  ROLE_WORDS,
  STATES,
  TYPE_WORDS,
  word,
} from './vocabulary.js';

/** Item and location names by code, as `core/services/names.ts` looks them up. */
export interface Names {
  items: Readonly<Record<string, string>>;
  locations: Readonly<Record<string, string>>;
}

/** What a message needs beyond its own parameters: the names of what it refers to, the shop's currency. */
export interface MessageContext {
  names?: Names | undefined;
  /** ISO 4217; default CNY. */
  currency?: string | undefined;
  /** For an unknown sku, the sku it matches in another case (`lj-250` → `LJ-250`). */
  suggestions?: Readonly<Record<string, string>> | undefined;
}

export const DEFAULT_CURRENCY = 'CNY';

/** Parameters that name an item by its sku, and a location by its code. */
const SKU_KEYS = new Set(['sku', 'into']);
const LOCATION_KEYS = new Set(['location', 'from', 'to', 'parent']);
/** Parameters that hold an amount of money in currency units. */
const MONEY_KEYS = new Set(['value', 'overBy', 'amount', 'exposure']);

/** `西湖龙井 明前特级 250g（LJ-250）`: the name people know, with the code they type. */
export function itemLabel(sku: string, lang: Lang, names?: Names, withCode = true): string {
  const name = names?.items[sku];
  if (!name || name === sku) return sku;
  if (!withCode) return name;
  return lang === 'zh-CN' ? `${name}（${sku}）` : `${name} (${sku})`;
}

/**
 * `西湖店`: a location's name; its code when it has none (or is not known). The system's
 * own locations (`@customer`, `@transit`, …) and quarantines read in the reader's language.
 */
export function locationLabel(code: string, lang: Lang, names?: Names): string {
  const virtual = VIRTUAL_LOCATIONS.find((l) => l.code === code);
  if (virtual) return word(LOCATION_KIND_WORDS, virtual.kind, lang);
  const parent = quarantineParent(code);
  if (parent !== undefined) {
    const quarantine = word(LOCATION_KIND_WORDS, 'quarantine', lang);
    const place = locationLabel(parent, lang, names);
    return lang === 'zh-CN' ? `${place}${quarantine}` : `${place} (${quarantine})`;
  }
  const name = names?.locations[code];
  if (name && name !== code) return name;
  return code;
}

/** The store or warehouse whose quarantine `code` is, if it is one. */
function quarantineParent(code: string): string | undefined {
  const suffix = quarantineCode('');
  return code.endsWith(suffix) && code.length > suffix.length
    ? code.slice(0, -suffix.length)
    : undefined;
}

/** `¥1,234.50` in the shop's currency. */
export function money(amount: number, lang: Lang, currency = DEFAULT_CURRENCY): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * A message's parameters as a person reads them: codes of states, kinds, reasons,
 * roles and types in words, skus and location codes as names, amounts in the currency.
 * Every catalogue renders through this, so a code becomes words in one place.
 */
export function readableParams(
  params: Record<string, unknown>,
  lang: Lang,
  context: MessageContext = {},
  options: { itemCodes?: boolean } = {},
): Record<string, string | number> {
  const { names, currency } = context;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) {
      out[key] = '';
      continue;
    }
    if (typeof value === 'string') {
      if (SKU_KEYS.has(key)) out[key] = itemLabel(value, lang, names, options.itemCodes ?? true);
      else if (LOCATION_KEYS.has(key)) out[key] = locationLabel(value, lang, names);
      else if (key === 'entity' || key === 'documentType' || key === 'document')
        out[key] = word(ENTITIES, value, lang);
      else if (key === 'status') out[key] = word(STATES, value, lang);
      else if (key === 'kind') out[key] = word(ALERT_KIND_WORDS, value, lang);
      else if (key === 'locationKind') out[key] = word(LOCATION_KIND_WORDS, value, lang);
      else if (key === 'role') out[key] = word(ROLE_WORDS, value, lang);
      else if (key === 'decision') out[key] = word(DECISION_WORDS, value, lang);
      else if (key === 'expected') out[key] = word(TYPE_WORDS, value, lang);
      else if (key === 'format') out[key] = word(FORMAT_WORDS, value, lang);
      else if (key === 'type') out[key] = word(MOVEMENT_TYPE_WORDS, value, lang);
      else out[key] = value;
    } else if (typeof value === 'number') {
      out[key] = MONEY_KEYS.has(key) ? money(value, lang, currency) : value;
    } else if (Array.isArray(value)) {
      const labels = value.map((v) =>
        key === 'locations'
          ? locationLabel(String(v), lang, names)
          : key === 'skus'
            ? itemLabel(String(v), lang, names, false)
            : String(v),
      );
      out[key] = labels.join(lang === 'zh-CN' ? '、' : ', ');
    } else {
      out[key] = String(value);
    }
  }
  return out;
}
