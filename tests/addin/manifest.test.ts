import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestVersion } from '../../core/addin/manifest.js';
import { deploymentFromEnv } from '../../core/config/deployment.js';
import { createApp } from '../../core/http/app.js';
import { runCli } from '../helpers/cli.js';
import { tempDatabase } from '../helpers/temp-db.js';

/*
 * An offline structural check of the add-in manifests (`office-addin-manifest validate`
 * needs the network): well-formed, an id, every resid has a resource, every URL is HTTPS
 * and on the server it is for, the shared runtime is required and the custom functions
 * run in it, and the files it names are the ones the build writes. Three manifests: the
 * repository's (localhost, for development), the one the service serves with
 * PUBLIC_URL, and the one `npm run addin:manifest` writes for central deployment.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const PUBLIC = 'https://inventory.example.cn';
const development = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

const temp = await tempDatabase();
const served = await (
  await createApp({
    database: temp.database,
    deployment: deploymentFromEnv({ PUBLIC_URL: PUBLIC }),
  }).request('/addin/manifest.xml')
).text();
const out = mkdtempSync(join(tmpdir(), 'addin-manifest-'));
const written = await runCli(
  'addin-manifest',
  ['--url', 'https://stock.example.com:8443', '--out', join(out, 'manifest.xml')],
  {},
);
afterAll(async () => {
  await temp.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
});
const versionOf = (xml: string) => String(parser.parse(xml).OfficeApp.Version);

describe.each([
  ['manifest.xml (development)', development, 'https://localhost:3443'],
  ['GET /addin/manifest.xml with PUBLIC_URL', served, PUBLIC],
  [
    'npm run addin:manifest -- --url',
    written.code === 0 ? readFileSync(join(out, 'manifest.xml'), 'utf8') : written.out,
    'https://stock.example.com:8443',
  ],
])('%s', (_name, xml, origin) => {
  const doc = parser.parse(xml).OfficeApp;

  /** Every value of an attribute anywhere in the manifest. */
  function attributes(name: string): string[] {
    return [...xml.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
  }

  it('points every URL at its server, over HTTPS, and nowhere else', () => {
    const urls = attributes('DefaultValue').filter((v) => /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith(`${origin}/addin/`), url).toBe(true);
    expect(String(doc.AppDomains.AppDomain)).toBe(origin);
    const others = [...xml.matchAll(/https?:\/\/[^\s"<]+/g)]
      .map((m) => m[0])
      .filter(
        (u) =>
          !u.startsWith(origin) &&
          !u.startsWith('http://schemas.microsoft.com/') &&
          !u.startsWith('http://www.w3.org/'),
      );
    expect(others).toEqual([]);
  });

  it('is well-formed XML with a GUID id, a version and the Workbook host', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(doc.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(doc.Version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(doc.Hosts.Host['@Name']).toBe('Workbook');
    expect(doc['@type']).toBe('TaskPaneApp');
  });

  it('has a resource for every resid, and every resource is used', () => {
    const ids = new Set(
      attributes('id').filter((id) =>
        /^(Icon|Taskpane|Functions|Group|Button|GetStarted)\./.test(id),
      ),
    );
    const used = new Set(attributes('resid'));
    for (const resid of used) expect(ids.has(resid), resid).toBe(true);
    for (const id of ids)
      if (!/^(Inventory)\./.test(id)) expect(used.has(id), `${id} unused`).toBe(true);
  });

  it('runs the custom functions in the shared runtime of the task pane page', () => {
    expect(doc.Requirements.Sets.Set).toMatchObject({
      '@Name': 'SharedRuntime',
      '@MinVersion': '1.1',
    });
    const host = doc.VersionOverrides.Hosts.Host;
    expect(host.Runtimes.Runtime).toMatchObject({ '@resid': 'Taskpane.Url', '@lifetime': 'long' });
    const functions = host.AllFormFactors.ExtensionPoint;
    expect(functions['@type']).toBe('CustomFunctions');
    expect(functions.Page.SourceLocation['@resid']).toBe('Taskpane.Url');
    expect(host.DesktopFormFactor.FunctionFile['@resid']).toBe('Taskpane.Url');
    const url = (id: string) =>
      doc.VersionOverrides.Resources.Urls.Url.find((u: Record<string, string>) => u['@id'] === id)[
        '@DefaultValue'
      ] as string;
    expect(url('Taskpane.Url')).toMatch(/\/addin\/taskpane\.html$/);
    expect(url('Functions.Script.Url')).toMatch(/\/addin\/taskpane\.js$/);
    expect(url('Functions.Metadata.Url')).toMatch(/\/addin\/functions\.json$/);
    const namespace = doc.VersionOverrides.Resources.ShortStrings.String.find(
      (s: Record<string, string>) => s['@id'] === 'Functions.Namespace',
    );
    expect(namespace['@DefaultValue']).toBe('INV');
  });

  it('names, describes and labels itself in English and Simplified Chinese', () => {
    expect(doc.DisplayName.Override).toMatchObject({ '@Locale': 'zh-CN', '@Value': '库存台账' });
    expect(doc.Description.Override['@Locale']).toBe('zh-CN');
    const strings = [
      ...doc.VersionOverrides.Resources.ShortStrings.String,
      ...[doc.VersionOverrides.Resources.LongStrings.String].flat(),
    ];
    for (const s of strings.filter(
      (x: Record<string, unknown>) => x['@id'] !== 'Functions.Namespace',
    )) {
      expect(s.Override?.['@Locale'], s['@id']).toBe('zh-CN');
    }
  });

  it('points at icons the build ships', () => {
    for (const image of doc.VersionOverrides.Resources.Images.Image) {
      const file = (image['@DefaultValue'] as string).split('/addin/')[1]!;
      expect(() => readFileSync(join(ROOT, 'addin/assets', file))).not.toThrow();
    }
  });
});

describe('manifest versions', () => {
  it('are new for every build: the served and written ones above the development one, each part at most 5 digits', () => {
    const parts = (v: string) => v.split('.').map(Number);
    const above = (a: string, b: string) => {
      const [x, y] = [parts(a), parts(b)];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
      return false;
    };
    const t = Date.UTC(2026, 11, 2, 7, 30);
    expect(manifestVersion('0.1.0', t)).toBe('0.1.2527.450');
    expect(above(manifestVersion('0.1.0', t + 60_000), manifestVersion('0.1.0', t))).toBe(true);
    expect(
      above(manifestVersion('0.1.0', t + 86_400_000 - 60_000), manifestVersion('0.1.0', t)),
    ).toBe(true);
    for (const xml of [served, readFileSync(join(out, 'manifest.xml'), 'utf8')]) {
      expect(versionOf(xml)).toMatch(/^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/);
      expect(above(versionOf(xml), versionOf(development)), versionOf(xml)).toBe(true);
    }
  });
});
