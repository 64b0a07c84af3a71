import { ALERT_KINDS, type AlertKind } from '../../core/domain/alerts.js';

/**
 * What a chat message asks for, in English or Chinese. Pure: the Teams handler (an
 * edge file, with botbuilder) turns these into calls to the ledger's services.
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'stock'; code: string; location?: string }
  | { kind: 'pending' }
  | { kind: 'transfer'; sku: string; quantity: number; from: string; to: string }
  | { kind: 'link'; code: string }
  | { kind: 'subscribe'; locations: string[]; alertKinds: AlertKind[] }
  | { kind: 'unsubscribe'; locations: string[] }
  | { kind: 'subscriptions' }
  /** A command word without what it needs (Teams' command menu sends the bare word): its usage. */
  | { kind: 'usage'; of: 'stock' | 'transfer' | 'link' }
  | { kind: 'unknown'; text: string };

type Word = Exclude<Command['kind'], 'unknown' | 'usage'>;

const WORDS: Record<Word, string[]> = {
  help: ['help', '帮助', '?', '？', '怎么用'],
  stock: ['stock', '库存', '查库存', '查询库存'],
  pending: ['pending', 'approvals', '待审批', '我的审批'],
  transfer: ['transfer', '调拨'],
  link: ['link', '绑定'],
  subscribe: ['subscribe', '订阅'],
  unsubscribe: ['unsubscribe', '取消订阅'],
  subscriptions: ['subscriptions', '订阅列表'],
};

/** The command a first word introduces (`库存` → `stock`), for the app package's command menu. */
export function commandOf(word: string): Word | undefined {
  const w = word.toLowerCase();
  return (Object.keys(WORDS) as Array<keyof typeof WORDS>).find((kind) => WORDS[kind].includes(w));
}

/** Teams puts `<at>Bot</at>` mentions and HTML in messages; people type full-width spaces and arrows. */
export function cleanMessage(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[\u3000\s]+/g, ' ')
    .trim();
}

/**
 * @example
 * parseCommand('查库存 SKU-1 门店1')            // → { kind: 'stock', code: 'SKU-1', location: '门店1' }
 * parseCommand('transfer SKU-1 5 from S1 to S2') // → { kind: 'transfer', sku: 'SKU-1', quantity: 5, from: 'S1', to: 'S2' }
 */
export function parseCommand(message: string): Command {
  const text = cleanMessage(message);
  if (text === '') return { kind: 'help' };
  const [first = '', ...rest] = text.split(' ');
  const word = first.toLowerCase();
  const is = (kind: keyof typeof WORDS) => WORDS[kind].includes(word);

  if (is('help')) return { kind: 'help' };
  if (is('pending')) return { kind: 'pending' };
  if (is('subscriptions')) return { kind: 'subscriptions' };
  if (is('subscribe')) return { kind: 'subscribe', ...subscription(rest) };
  if (is('unsubscribe')) return { kind: 'unsubscribe', locations: rest };
  if (is('link'))
    return rest.length === 1 ? { kind: 'link', code: rest[0]! } : { kind: 'usage', of: 'link' };
  if (is('stock')) {
    if (rest.length < 1 || rest.length > 2) return { kind: 'usage', of: 'stock' };
    return rest[1]
      ? { kind: 'stock', code: rest[0]!, location: rest[1] }
      : { kind: 'stock', code: rest[0]! };
  }
  if (is('transfer')) return parseTransfer(rest) ?? { kind: 'usage', of: 'transfer' };
  // A scanned barcode on its own asks for its stock.
  if (rest.length === 0 && /^\d{8,14}$/.test(first)) return { kind: 'stock', code: first };
  return { kind: 'unknown', text };
}

/** `SKU 5 from S1 to S2`, `SKU 5 S1 to S2`, `SKU 5 从 S1 到 S2`, `SKU 5 S1 到 S2`, `SKU 5 S1→S2`. */
function parseTransfer(words: string[]): Command | undefined {
  const joined = words.join(' ').replace(/\s*(→|->|=>)\s*/g, ' to ');
  const m = /^(\S+) (\d+) (?:(?:from|从) )?(\S+) (?:to|到) (\S+)$/i.exec(joined);
  if (!m) return undefined;
  const quantity = Number(m[2]);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return undefined;
  return { kind: 'transfer', sku: m[1]!, quantity, from: m[3]!, to: m[4]! };
}

/** Words for alert kinds in `subscribe`: the kind itself (`below_min`, `below-min`) or Chinese. */
const KIND_WORDS: Record<string, AlertKind> = {
  ...Object.fromEntries(
    ALERT_KINDS.flatMap((k) => [
      [k, k],
      [k.replace(/_/g, '-'), k],
    ]),
  ),
  低库存: 'below_min',
  低于安全库存: 'below_min',
  超储: 'above_max',
  缺货: 'zero_stock',
  零库存: 'zero_stock',
  大额变动: 'large_movement',
  出库异常: 'day_outflow',
  过账被拒: 'refused_postings',
  临期: 'expiring',
  过期: 'expired',
  已过期: 'expired',
};

/** `subscribe S1 S2 below_min 缺货`: the locations, and the alert kinds (none: all). */
function subscription(words: string[]): { locations: string[]; alertKinds: AlertKind[] } {
  const kinds = words.map((w) => KIND_WORDS[w.toLowerCase()]);
  return {
    locations: words.filter((_, i) => kinds[i] === undefined),
    alertKinds: [...new Set(kinds.filter((k): k is AlertKind => k !== undefined))],
  };
}
