import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types
import { localizeFunctions } from '../../scripts/localize-functions.mjs';

/*
 * The workbook functions' help follows Excel's display language: the build writes
 * functions.json (English, from the JSDoc) and functions.zh-CN.json (the same functions,
 * Chinese descriptions), and the manifest points Excel in Chinese at the second.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'addin/dist');
type Metadata = {
  functions: Array<{
    id: string;
    name: string;
    description: string;
    parameters: Array<{ name: string; description: string; type: string; optional?: boolean }>;
    options?: unknown;
    result?: unknown;
  }>;
};
let en: Metadata;
let zh: Metadata;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-addin.mjs')], { cwd: ROOT });
  en = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8'));
  zh = JSON.parse(readFileSync(join(DIST, 'functions.zh-CN.json'), 'utf8'));
});

const CJK = /[\u4e00-\u9fff]/;

describe('the functions in Chinese', () => {
  it('has zh-CN help for every function and every parameter, names and types unchanged', () => {
    expect(en.functions.map((f) => f.id)).toEqual(
      expect.arrayContaining(['STOCK', 'AVAILABLE', 'BELOWMIN', 'VALUE']),
    );
    expect(zh.functions.map((f) => [f.id, f.name])).toEqual(
      en.functions.map((f) => [f.id, f.name]),
    );
    zh.functions.forEach((f, i) => {
      const e = en.functions[i]!;
      expect(f.description, f.id).toMatch(CJK);
      expect(e.description, f.id).not.toMatch(CJK);
      expect(f.options).toEqual(e.options);
      expect(f.result).toEqual(e.result);
      expect(f.parameters.map((p) => [p.name, p.type, p.optional])).toEqual(
        e.parameters.map((p) => [p.name, p.type, p.optional]),
      );
      for (const p of f.parameters) expect(p.description, `${f.id}(${p.name})`).toMatch(CJK);
    });
  });

  it('refuses help that is missing or names what the code no longer has', () => {
    const metadata = {
      functions: [{ id: 'STOCK', name: 'STOCK', description: 'x', parameters: [{ name: 'sku' }] }],
    };
    expect(() => localizeFunctions(metadata, { STOCK: { description: '库存' } }, 'zh-CN')).toThrow(
      'no help for STOCK(sku)',
    );
    expect(() =>
      localizeFunctions(
        metadata,
        { STOCK: { description: '库存', parameters: { sku: 'a', place: 'b' } }, GONE: {} },
        'zh-CN',
      ),
    ).toThrow(/help for GONE, which is no function\n.*STOCK\(place\), which is no parameter/s);
  });

  it('is what the manifest gives Excel in Chinese', () => {
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      removeNSPrefix: true,
    }).parse(readFileSync(join(ROOT, 'manifest.xml'), 'utf8')).OfficeApp;
    const url = doc.VersionOverrides.Resources.Urls.Url.find(
      (u: Record<string, string>) => u['@id'] === 'Functions.Metadata.Url',
    );
    expect(url['@DefaultValue']).toMatch(/\/addin\/functions\.json$/);
    expect(url.Override).toMatchObject({
      '@Locale': 'zh-CN',
      '@Value': expect.stringMatching(/\/addin\/functions\.zh-CN\.json$/),
    });
  });
});
