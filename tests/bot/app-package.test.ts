import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { commandOf } from '../../bot/src/commands.js';
import { TSX_LOADER } from '../helpers/cli.js';
import { tempDatabase } from '../helpers/temp-db.js';
import { createApp } from '../../core/http/app.js';

/*
 * The Teams app package, built by the real script and read back from the zip. The
 * Teams schema validator needs the internet, so the limits it enforces are checked
 * here (manifest 1.17: name ≤ 30, short description ≤ 80, full ≤ 4000, command title
 * ≤ 32 and description ≤ 128, ≤ 10 commands per list, icons 192 px and 32 px).
 */

const dir = mkdtempSync(join(tmpdir(), 'teams-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const APP_ID = '11111111-2222-3333-4444-555555555555';

function build(env: Record<string, string>) {
  const out = join(dir, `app-${Math.random().toString(36).slice(2)}.zip`);
  const result = spawnSync(
    process.execPath,
    ['--import', TSX_LOADER, 'scripts/package-bot.ts', '--out', out],
    { env: { PATH: process.env['PATH'] ?? '', ENV_FILE: '/dev/null', ...env }, encoding: 'utf8' },
  );
  return { ...result, out };
}

/** Width, height and the alpha of the top-left pixel of an RGBA PNG. */
function png(buffer: Buffer) {
  expect(buffer.subarray(1, 4).toString()).toBe('PNG');
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  expect(buffer[25]).toBe(6); // RGBA
  const idat: Buffer[] = [];
  for (let at = 8; at < buffer.length; ) {
    const length = buffer.readUInt32BE(at);
    if (buffer.subarray(at + 4, at + 8).toString() === 'IDAT')
      idat.push(buffer.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, cornerAlpha: raw[1 + 3]! };
}

describe('npm run bot:package', () => {
  const built = build({ MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://stock.example.com/' });
  const zip = new AdmZip(built.out);
  const read = (name: string) => zip.getEntry(name)?.getData();
  const manifest = JSON.parse(read('manifest.json')!.toString('utf8'));
  const zh = JSON.parse(read('zh-cn.json')!.toString('utf8')) as Record<string, string>;

  it('builds a zip with the manifest, both icons and the Chinese strings at its root', () => {
    expect(built.status).toBe(0);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-cn.json']);
    expect(png(read('color.png')!)).toMatchObject({ width: 192, height: 192, cornerAlpha: 255 });
    expect(png(read('outline.png')!)).toMatchObject({ width: 32, height: 32, cornerAlpha: 0 }); // transparent outline
  });

  it('fills in the app id and the public address, with the bot in personal, team and group chat scopes', () => {
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.developer.privacyUrl).toBe('https://stock.example.com/privacy');
    expect(manifest.validDomains).toEqual(['stock.example.com']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it("carries package.json's version, so each release is an update to Teams", () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'),
    );
    expect(manifest.version).toBe(version);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('links to a website, privacy and terms pages the service answers, in both languages', async () => {
    const temp = await tempDatabase();
    try {
      const app = createApp({ database: temp.database });
      for (const url of [manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) {
        expect(url.startsWith('https://stock.example.com/'), url).toBe(true);
        const res = await app.request(new URL(url).pathname);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        const html = await res.text();
        expect(html).toMatch(/lang="en"/);
        expect(html).toMatch(/lang="zh-CN"[\s\S]*\p{Script=Han}/u);
      }
      expect(
        (await app.request(new URL(manifest.developer.websiteUrl).pathname || '/')).status,
      ).toBeLessThan(400);
    } finally {
      await temp.cleanup();
    }
  });

  it('stays within the limits Teams enforces, in English and Chinese', () => {
    const texts = (lang: 'en' | 'zh', key: string, value: string) =>
      lang === 'zh' ? (zh[key] ?? value) : value;
    for (const lang of ['en', 'zh'] as const) {
      expect(texts(lang, 'name.short', manifest.name.short).length).toBeLessThanOrEqual(30);
      expect(texts(lang, 'name.full', manifest.name.full).length).toBeLessThanOrEqual(100);
      expect(
        texts(lang, 'description.short', manifest.description.short).length,
      ).toBeLessThanOrEqual(80);
      expect(texts(lang, 'description.full', manifest.description.full).length).toBeLessThanOrEqual(
        4000,
      );
      manifest.bots[0].commandLists.forEach(
        (list: { commands: Array<{ title: string; description: string }> }, l: number) => {
          expect(list.commands.length).toBeLessThanOrEqual(10);
          list.commands.forEach((command, c) => {
            expect(
              texts(lang, `bots[0].commandLists[${l}].commands[${c}].title`, command.title).length,
            ).toBeLessThanOrEqual(32);
            expect(
              texts(
                lang,
                `bots[0].commandLists[${l}].commands[${c}].description`,
                command.description,
              ).length,
            ).toBeLessThanOrEqual(128);
          });
        },
      );
    }
  });

  it('offers only commands the bot understands, and translates every one of them', () => {
    manifest.bots[0].commandLists.forEach(
      (list: { commands: Array<{ title: string }> }, l: number) => {
        list.commands.forEach((command, c) => {
          const zhTitle = zh[`bots[0].commandLists[${l}].commands[${c}].title`];
          expect(zhTitle, `${command.title} has a Chinese title`).toBeDefined();
          expect(zh[`bots[0].commandLists[${l}].commands[${c}].description`]).toBeDefined();
          // The command menu inserts the title as the start of the message.
          expect(commandOf(command.title), command.title).toBeDefined();
          expect(commandOf(zhTitle!), zhTitle).toBe(commandOf(command.title));
        });
      },
    );
    // Every translated key points at something in the manifest.
    for (const key of Object.keys(zh).filter((k) => k !== '$schema')) {
      const value = key.split(/\.(?![^[]*\])/).reduce<unknown>((node, part) => {
        const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
        const child = (node as Record<string, unknown>)?.[name!];
        return index === undefined ? child : (child as unknown[])?.[Number(index)];
      }, manifest);
      expect(value, key).toBeDefined();
    }
  });

  it('refuses to build without a GUID app id or an https address, saying which, in both languages', () => {
    const bad = build({ MicrosoftAppId: 'my-bot', PUBLIC_URL: 'http://stock.example.com' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('MicrosoftAppId must be');
    expect(bad.stderr).toContain('PUBLIC_URL 必须是');
    expect(() => execFileSync('test', ['-e', bad.out])).toThrow();
  });
});
