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
 * A time as exports write it, `2026-11-01 10:05[:30]` (or with `/` or `T`), in the
 * export's time zone (minutes east of UTC) → ISO UTC; undefined when it is not one.
 *
 * @example
 * parseLocalTime('2026-11-01 10:05', 480) // → '2026-11-01T02:05:00.000Z'
 */
export function parseLocalTime(text: string, offsetMinutes: number): string | undefined {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMinutes * 60_000;
  const check = new Date(utc + offsetMinutes * 60_000);
  if (Number.isNaN(utc) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23) return undefined;
  return new Date(utc).toISOString();
}
