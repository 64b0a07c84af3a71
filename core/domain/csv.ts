import { localToInstant } from './time.js';

/**
 * CSV as marketplaces export it (RFC 4180 and its usual variations): an optional
 * UTF-8 byte order mark, `,` `;` or tab between fields (guessed from the header line
 * when not given), fields in double quotes with `""` for a quote, line breaks inside
 * quotes, CRLF or LF. Pure: text in, rows of strings out.
 *
 * @example
 * parseCsv('\uFEFF订单号,数量\r\n"A,1",2\r\n') // → { header: ['订单号', '数量'], rows: [['A,1', '2']] }
 */
export function parseCsv(text: string, delimiter?: string): { header: string[]; rows: string[][] } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const sep = delimiter ?? guessDelimiter(body.slice(0, body.search(/\r?\n|$/)));
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < body.length) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) endField();
    else if (ch === '\n') endRecord();
    else if (ch === '\r' && body[i + 1] === '\n') {
      endRecord();
      i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

function guessDelimiter(headerLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, headerLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * A time as exports write it, `2026-11-01 10:05[:30]` (or with `/` or `T`), without an
 * offset: in the export's time zone, an IANA zone (the shop's, summer time included) or
 * a fixed offset in minutes east of UTC → ISO UTC; undefined when it is not one.
 *
 * @example
 * parseLocalTime('2026-11-01 10:05', 'Asia/Shanghai') // → '2026-11-01T02:05:00.000Z'
 * parseLocalTime('2026-11-01 10:05', 480) // → '2026-11-01T02:05:00.000Z'
 */
export function parseLocalTime(text: string, zone: string | number): string | undefined {
  if (typeof zone === 'string') {
    const at = localToInstant(text, zone);
    return at === undefined ? undefined : new Date(at).toISOString();
  }
  const offsetMinutes = zone;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
    offsetMinutes * 60_000;
  const check = new Date(utc + offsetMinutes * 60_000);
  if (
    Number.isNaN(utc) ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23
  )
    return undefined;
  return new Date(utc).toISOString();
}

export const CSV_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * The text of an export file. Marketplace exports (Taobao, JD, Pinduoduo) and Excel's
 * "CSV" on Chinese Windows are usually GBK; `auto` takes a byte order mark, else valid
 * UTF-8, else GB18030 (a superset of GBK and GB2312). Node's `TextDecoder` (full ICU)
 * does the decoding.
 *
 * @example
 * decodeCsv(new Uint8Array([0xb6, 0xa9, 0xb5, 0xa5]), 'auto') // → { text: '订单', encoding: 'gb18030' }
 */
export function decodeCsv(
  bytes: Uint8Array,
  encoding: CsvEncoding = 'auto',
): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (encoding !== 'auto') return { text: new TextDecoder(encoding).decode(bytes), encoding };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/**
 * A code cell as exports write it, back to the code: surrounding spaces trimmed,
 * Excel's text prefix `'` and Taobao's formula guard `="3921000000000000011"` unwrapped.
 * `mangled` when Excel has already turned a long number into scientific notation
 * (`3.921E+18`): the digits are gone and two orders can look the same, so such a cell
 * must be refused, never matched.
 *
 * @example
 * exportCode('="3921000000000000011"') // → { code: '3921000000000000011', mangled: false }
 * exportCode('3.921E+18')              // → { code: '3.921E+18', mangled: true }
 */
export function exportCode(cell: string): { code: string; mangled: boolean } {
  let code = cell.trim();
  const guarded = /^="(.*)"$/.exec(code);
  if (guarded) code = guarded[1]!.trim();
  if (code.startsWith("'")) code = code.slice(1).trim();
  if (code.startsWith('\t')) code = code.trim();
  return { code, mangled: /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/.test(code) };
}
