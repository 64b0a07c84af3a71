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
