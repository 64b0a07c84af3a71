import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  dateDay,
  DAY_MS,
  dayDate,
  dayLength,
  dayStart,
  defaultTimeZone,
  formatLocal,
  localDate,
  localDay,
  localToInstant,
  offsetIntervals,
} from '../../core/domain/time.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('the local day', () => {
  it('puts a Beijing morning on its own date, not the UTC one', () => {
    const sale = at('2026-03-01T23:30:00Z');
    expect(localDate(sale, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(sale, 'UTC')).toBe('2026-03-01');
    expect(localDay(sale, 'Asia/Shanghai')).toBe(dateDay('2026-03-02'));
    expect(formatLocal(sale, 'Asia/Shanghai', 'zh-CN')).toBe('2026-03-02 07:30 GMT+8');
  });

  it('numbers days like the UTC day number in UTC', () => {
    for (const iso of ['1970-01-01T00:00:00Z', '2026-03-01T23:59:59.999Z', '2026-12-31T00:00:00Z'])
      expect(localDay(at(iso), 'UTC')).toBe(Math.floor(at(iso) / DAY_MS));
    expect(dayDate(dateDay('2026-03-02'))).toBe('2026-03-02');
  });

  it.each([
    ['America/New_York', '2026-03-08', 23, '2026-03-08T05:00:00.000Z'],
    ['America/New_York', '2026-11-01', 25, '2026-11-01T04:00:00.000Z'],
    ['America/New_York', '2026-06-15', 24, '2026-06-15T04:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', 23, '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25', 25, '2026-10-24T22:00:00.000Z'],
    ['Asia/Shanghai', '2026-03-02', 24, '2026-03-01T16:00:00.000Z'],
    ['UTC', '2026-03-02', 24, '2026-03-02T00:00:00.000Z'],
  ])('%s %s has %d hours and starts at %s', (zone, date, hours, start) => {
    const day = dateDay(date);
    expect(dayLength(day, zone)).toBe(hours * HOUR);
    expect(new Date(dayStart(day, zone)).toISOString()).toBe(start);
    expect(localDay(dayStart(day, zone), zone)).toBe(day);
    expect(localDay(dayStart(day, zone) - 1, zone)).toBe(day - 1);
    expect(localDay(dayStart(day + 1, zone) - 1, zone)).toBe(day);
  });

  it('starts a day whose midnight is skipped at its first instant', () => {
    // Havana springs forward at midnight (00:00 → 01:00) on 2026-03-08.
    const day = dateDay('2026-03-08');
    const start = dayStart(day, 'America/Havana');
    expect(localDay(start, 'America/Havana')).toBe(day);
    expect(localDay(start - 1, 'America/Havana')).toBe(day - 1);
  });
});

describe('local times without an offset', () => {
  it.each([
    ['2026-03-02 07:30', 'Asia/Shanghai', '2026-03-01T23:30:00.000Z'],
    ['2026/3/2 7:30:15', 'Asia/Shanghai', '2026-03-01T23:30:15.000Z'],
    ['2026-03-02T07:30', 'UTC', '2026-03-02T07:30:00.000Z'],
    ['2026-03-02', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z'],
    ['2026-07-01 12:00', 'Europe/Berlin', '2026-07-01T10:00:00.000Z'],
    ['2026-01-15 12:00', 'Europe/Berlin', '2026-01-15T11:00:00.000Z'],
    // The skipped hour moves forward: 02:30 does not exist, 03:30 EDT does.
    ['2026-03-08 02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    // The repeated hour is its first pass (EDT).
    ['2026-11-01 01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    expect(new Date(localToInstant(text, zone)!).toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-30 10:00',
    '2026-13-01',
    '2026-03-02 24:00',
    '2026-03-02 10:60',
    '02/03/2026',
    '',
    'yesterday',
  ])('%j is no time', (text) => {
    expect(localToInstant(text, 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('zone names', () => {
  it('takes IANA names, whatever their case, and nothing else', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Asia/Beijing', '+08:00', 'GMT+8 ', '', 'Mars/Olympus'])
      expect(canonicalTimeZone(bad)).toBeNull();
  });

  it('defaults to TZ when it is a zone, else UTC', () => {
    expect(defaultTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(defaultTimeZone(':Europe/Berlin')).toBe('Europe/Berlin');
    expect(defaultTimeZone(undefined)).toBe('UTC');
    expect(defaultTimeZone('')).toBe('UTC');
    expect(defaultTimeZone('CST-8')).toBe('UTC');
  });

  it('says which zone a time is in', () => {
    expect(formatLocal(at('2026-11-01T05:30:00Z'), 'America/New_York', 'en')).toBe(
      '2026-11-01 01:30 EDT',
    );
    expect(formatLocal(at('2026-11-01T06:30:00Z'), 'America/New_York', 'en')).toBe(
      '2026-11-01 01:30 EST',
    );
    expect(formatLocal(at('2026-03-02T07:30:00Z'), 'UTC', 'en')).toBe('2026-03-02 07:30 UTC');
  });
});

describe('offsets over a span', () => {
  it('splits a year of New York at its two changes and agrees with localDay everywhere', () => {
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2027-01-01T00:00:00Z');
    const pieces = offsetIntervals(from, to, 'America/New_York');
    expect(pieces.map((p) => [new Date(p.from).toISOString(), p.offset / HOUR])).toEqual([
      ['2026-01-01T00:00:00.000Z', -5],
      ['2026-03-08T07:00:00.000Z', -4],
      ['2026-11-01T06:00:00.000Z', -5],
    ]);
    expect(pieces.at(-1)!.to).toBe(to);
    for (let t = from; t < to; t += 7 * HOUR + 13 * 60_000) {
      const piece = pieces.find((p) => p.from <= t && t < p.to)!;
      expect(Math.floor((t + piece.offset) / DAY_MS)).toBe(localDay(t, 'America/New_York'));
    }
  });

  it('is one piece in UTC and in Shanghai', () => {
    expect(offsetIntervals(0, at('2026-06-01T00:00:00Z'), 'UTC')).toHaveLength(1);
    expect(
      offsetIntervals(at('2000-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 'Asia/Shanghai'),
    ).toEqual([
      { from: at('2000-01-01T00:00:00Z'), to: at('2030-01-01T00:00:00Z'), offset: 8 * HOUR },
    ]);
    expect(offsetIntervals(5, 5, 'UTC')).toEqual([]);
  });
});
