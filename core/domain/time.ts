/**
 * The shop's clock. Instants are milliseconds since the epoch (UTC), as stored; a *day*
 * is a local calendar date in the shop's IANA time zone (`Asia/Shanghai`), numbered as
 * days since 1970-01-01 of that local date (day 20514 is 2026-03-02 wherever the shop
 * is). Every per-day figure, report date and "today" is a day in this sense, so a
 * Beijing morning's sales (the small hours of the previous UTC day) count on the
 * morning's own date.
 *
 * Pure: the zone rules come from the runtime's Intl (full ICU in Node 20), nothing else.
 */

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Offsets are looked up once per zone and quarter hour: every transition in the tz database falls on one. */
const BUCKET_MS = 15 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function wallFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's name as Intl spells it (`asia/shanghai` → `Asia/Shanghai`), or null when it is no time zone. */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.trim() === '' || /^[+-]/.test(name.trim())) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The shop's zone when nobody has set one: `TZ` when it names an IANA zone, else UTC. */
export function defaultTimeZone(tz: string | undefined): string {
  if (tz === undefined || tz === '') return 'UTC';
  // `TZ=:Asia/Shanghai` is POSIX for "the file of that name".
  return canonicalTimeZone(tz.replace(/^:/, '')) ?? 'UTC';
}

/** Local wall-clock time minus UTC at instant `ms`, in milliseconds (Asia/Shanghai: +8 h). */
export function zoneOffset(ms: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${zone}|${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET_MS;
  const p: Record<string, number> = {};
  for (const part of wallFormatter(zone).formatToParts(at))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day'], p['hour'], p['minute'], p['second']);
  // Years before 100 would be read as 19xx by Date.UTC: no shop has movements then.
  const offset = wall - at;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The local date of instant `ms` in `zone`, as a day number (days since 1970-01-01 of that date). */
export function localDay(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffset(ms, zone)) / DAY_MS);
}

/**
 * The instant a local wall-clock time (as milliseconds, read as if UTC) happens in
 * `zone`. A time that happens twice (the hour clocks go back) is the first; a time that
 * never happens (the hour clocks skip) is moved forward by the gap, as a wall clock
 * would be: 02:30 on New York's spring-forward day is 03:30 EDT.
 */
export function wallToInstant(wall: number, zone: string): number {
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  const valid = [before, after]
    .map((o) => wall - o)
    .filter((t) => t + zoneOffset(t, zone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before;
}

/** The instant local day `day` begins in `zone` (local midnight; the first instant of the day where midnight is skipped). */
export function dayStart(day: number, zone: string): number {
  return wallToInstant(day * DAY_MS, zone);
}

/** How long local day `day` is in `zone` (23 or 25 hours on a day clocks change). */
export function dayLength(day: number, zone: string): number {
  return dayStart(day + 1, zone) - dayStart(day, zone);
}

/** A day number as its date, `YYYY-MM-DD`. */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A date `YYYY-MM-DD` as its day number; NaN when it is not one. */
export function dateDay(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / DAY_MS);
}

/** The local date of instant `ms` in `zone`, `YYYY-MM-DD`. */
export function localDate(ms: number, zone: string): string {
  return dayDate(localDay(ms, zone));
}

/**
 * A local time without an offset, as spreadsheets and exports write it
 * (`2026-03-02 07:30[:15]`, with `-`, `/` or `.` between the date's parts, a space or
 * `T` before the time; a date alone is its midnight) → the instant it names in `zone`;
 * undefined when the text is not such a time or names a date that does not exist.
 *
 * @example
 * localToInstant('2026-03-02 07:30', 'Asia/Shanghai') // → Date.parse('2026-03-01T23:30:00Z')
 */
export function localToInstant(text: string, zone: string): number | undefined {
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wall);
  if (
    Number.isNaN(wall) ||
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return undefined;
  return wallToInstant(wall + Number(frac.padEnd(3, '0')), zone);
}

const labelFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant for people: the local date and time in `zone` and the zone's short name
 * or offset in `locale`'s words, e.g. `2026-03-02 07:30 GMT+8`, `2026-11-01 01:30 EDT`.
 */
export function formatLocal(ms: number, zone: string, locale: string): string {
  const key = `${zone}|${locale}`;
  let f = labelFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    labelFormatters.set(key, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  const wall = new Date(ms + zoneOffset(ms, zone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${name}`;
}

/**
 * The zone's offset over `[from, to)` as pieces of constant offset, in order: what a
 * bulk computation (one SQL statement per piece) needs to turn instants into local
 * days. Looks once a day and narrows a change down to its quarter hour.
 */
export function offsetIntervals(
  from: number,
  to: number,
  zone: string,
): Array<{ from: number; to: number; offset: number }> {
  if (!(to > from)) return [];
  const out: Array<{ from: number; to: number; offset: number }> = [];
  let start = from;
  let offset = zoneOffset(from, zone);
  let t = from;
  while (t < to) {
    const next = Math.min(t + DAY_MS, to - 1);
    if (next <= t) break;
    if (zoneOffset(next, zone) === offset) {
      t = next;
      if (next === to - 1) break;
      continue;
    }
    // The change lies in (t, next]: find its quarter hour.
    let lo = Math.floor(t / BUCKET_MS);
    let hi = Math.floor(next / BUCKET_MS);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneOffset(mid * BUCKET_MS, zone) === offset) lo = mid;
      else hi = mid;
    }
    const change = hi * BUCKET_MS;
    out.push({ from: start, to: change, offset });
    start = change;
    offset = zoneOffset(change, zone);
    t = change;
  }
  out.push({ from: start, to, offset });
  return out;
}
