/*
 * Reading the shell examples of the documentation: their fenced blocks, their commands,
 * and the output documented for each, as a pattern where `…` stands for what the text
 * leaves out (a value, the other members of an object, the rest of an array).
 */

export interface Block {
  heading: string;
  lang: string;
  body: string;
}

/** The fenced blocks of a markdown text, with the heading each stands under. */
export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    const open = /^( *)```(\w*)$/.exec(line);
    if (!open) continue;
    const indent = open[1]!;
    const end = lines.findIndex((l, n) => n > i && l === `${indent}\`\`\``);
    const body = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    blocks.push({ heading, lang: open[2]!, body: body.join('\n') });
    i = end;
  }
  return blocks;
}

export interface Command {
  /** The command as the shell reads it (continued lines joined), without its comment. */
  command: string;
  /** The JSON text documented as its answer, if any. */
  output: string | undefined;
}

/** Where an unquoted `#` comment starts in a shell line, or -1; and whether a quote is left open. */
function scan(line: string, quote: string | null): { comment: number; quote: string | null } {
  let q = quote;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === q) q = null;
      else if (ch === '\\' && q === '"') i++;
    } else if (ch === "'" || ch === '"') q = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return { comment: i, quote: q };
  }
  return { comment: -1, quote: q };
}

/** Is a JSON text complete: every bracket it opens closed? */
function balanced(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return depth <= 0;
}

/**
 * The commands of a shell block with the output documented for each: a comment that
 * starts with `{` or `[`, beside the command or on the lines under it, up to where its
 * brackets close (prose may follow, and is not output).
 */
export function commandsOf(body: string): Command[] {
  const commands: Command[] = [];
  let pending: string | null = null;
  let quote: string | null = null;
  let collecting: Command | null = null;
  for (const line of body.split('\n')) {
    if (pending === null) {
      const comment = /^\s*#\s?(.*)$/.exec(line);
      if (comment) {
        const text = comment[1]!.trim();
        const last = commands[commands.length - 1];
        if (collecting) {
          collecting.output += text;
          if (balanced(collecting.output!)) collecting = null;
        } else if (last && last.output === undefined && /^[{[]/.test(text)) {
          last.output = text;
          if (!balanced(text)) collecting = last;
        }
        continue;
      }
      if (!line.trim()) continue;
      collecting = null;
    }
    const scanned = scan(line, quote);
    quote = scanned.quote;
    const code = scanned.comment >= 0 ? line.slice(0, scanned.comment) : line;
    pending = pending === null ? code.trimEnd() : `${pending}\n${code.trimEnd()}`;
    if (quote || pending.endsWith('\\')) continue;
    const inline = scanned.comment >= 0 ? line.slice(scanned.comment + 1).trim() : '';
    const command: Command = { command: pending.trim(), output: undefined };
    if (/^[{[]/.test(inline)) command.output = inline;
    commands.push(command);
    pending = null;
  }
  return commands;
}

export type Pattern =
  | { kind: 'any' }
  | { kind: 'literal'; value: unknown }
  | { kind: 'object'; members: Record<string, Pattern>; open: boolean }
  | { kind: 'array'; items: Pattern[]; open: boolean };

/**
 * The documented output as a pattern. It is JSON except that `…` may stand for a value
 * (`"…"`, `{…}`), for the other members of an object, or for the rest of an array. Text
 * after the JSON closes (a remark such as `: no second draft`) is not part of it.
 */
export function documentedPattern(text: string): Pattern {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`documented output: ${what} at ${i} in ${text}`);
  };
  const ellipsis = () => {
    ws();
    if (text[i] === '…') {
      i++;
      return true;
    }
    if (text.startsWith('...', i)) {
      i += 3;
      return true;
    }
    return false;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Pattern => {
    if (ellipsis()) return { kind: 'any' };
    const ch = text[i];
    if (ch === '{') {
      i++;
      const members: Record<string, Pattern> = {};
      let open = false;
      for (;;) {
        ws();
        if (text[i] === '}') break;
        if (ellipsis()) open = true;
        else {
          if (text[i] !== '"') fail('a member name');
          const key = string();
          ws();
          if (text[i++] !== ':') fail('":"');
          members[key] = value();
        }
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('"," or "}"');
      }
      i++;
      return { kind: 'object', members, open };
    }
    if (ch === '[') {
      i++;
      const items: Pattern[] = [];
      let open = false;
      for (;;) {
        ws();
        if (text[i] === ']') break;
        if (ellipsis()) open = true;
        else items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('"," or "]"');
      }
      i++;
      return { kind: 'array', items, open };
    }
    if (ch === '"') {
      const s = string();
      return s === '…' ? { kind: 'any' } : { kind: 'literal', value: s };
    }
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) return fail('a value');
    i += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) };
  };
  return value();
}

/** Where `actual` differs from the pattern (a path and what was expected), or undefined. */
export function matches(actual: unknown, pattern: Pattern, path = '$'): string | undefined {
  switch (pattern.kind) {
    case 'any':
      return undefined;
    case 'literal':
      return JSON.stringify(actual) === JSON.stringify(pattern.value)
        ? undefined
        : `${path}: documented ${JSON.stringify(pattern.value)}, answered ${JSON.stringify(actual)}`;
    case 'object': {
      if (!actual || typeof actual !== 'object' || Array.isArray(actual))
        return `${path}: documented an object, answered ${JSON.stringify(actual)}`;
      const record = actual as Record<string, unknown>;
      for (const [key, member] of Object.entries(pattern.members)) {
        if (!(key in record)) return `${path}.${key}: documented, not answered`;
        const m = matches(record[key], member, `${path}.${key}`);
        if (m) return m;
      }
      if (!pattern.open) {
        const extra = Object.keys(record).filter((k) => !(k in pattern.members));
        if (extra.length) return `${path}: answered ${extra.join(', ')}, not documented (nor …)`;
      }
      return undefined;
    }
    case 'array': {
      if (!Array.isArray(actual))
        return `${path}: documented an array, answered ${JSON.stringify(actual)}`;
      if (
        pattern.open ? actual.length < pattern.items.length : actual.length !== pattern.items.length
      )
        return `${path}: documented ${pattern.items.length}${pattern.open ? ' or more' : ''} element(s), answered ${actual.length}`;
      for (const [n, item] of pattern.items.entries()) {
        const m = matches(actual[n], item, `${path}[${n}]`);
        if (m) return m;
      }
      return undefined;
    }
  }
}
