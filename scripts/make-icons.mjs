#!/usr/bin/env node
/**
 * Writes the add-in's icons (a green ledger square with a white bar chart) and the Teams
 * app's (192 px colour; 32 px outline: white bars on transparent, as Teams requires).
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, { outline = false } = {}) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      const u = x / size;
      const v = y / size;
      const bar = [
        [0.2, 0.55],
        [0.43, 0.35],
        [0.66, 0.2],
      ].some(([left, top]) => u >= left && u < left + 0.14 && v >= top && v < 0.8);
      const [r, g, b] = bar ? [255, 255, 255] : [33, 115, 70];
      raw[i] = outline ? 255 : r;
      raw[i + 1] = outline ? 255 : g;
      raw[i + 2] = outline ? 255 : b;
      raw[i + 3] = outline && !bar ? 0 : 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
for (const size of [16, 32, 64, 80])
  writeFileSync(new URL(`../addin/assets/icon-${size}.png`, import.meta.url), png(size));
writeFileSync(new URL('../bot/appPackage/color.png', import.meta.url), png(192));
writeFileSync(
  new URL('../bot/appPackage/outline.png', import.meta.url),
  png(32, { outline: true }),
);
console.log('icons written');
