import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

/*
 * An offline structural check of manifest.xml (`office-addin-manifest validate` needs
 * the network): well-formed, an id, every resid has a resource, every URL is HTTPS,
 * the shared runtime is required and the custom functions run in it, and the files
 * it names are the ones the build writes.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const xml = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true });
const doc = parser.parse(xml).OfficeApp;

/** Every value of an attribute anywhere in the manifest. */
function attributes(name: string): string[] {
  return [...xml.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

describe('manifest.xml', () => {
  it('is well-formed XML with a GUID id, a version and the Workbook host', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(doc.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(doc.Version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(doc.Hosts.Host['@Name']).toBe('Workbook');
    expect(doc['@type']).toBe('TaskPaneApp');
  });

  it('has a resource for every resid, and every resource is used', () => {
    const ids = new Set(attributes('id').filter((id) => /^(Icon|Taskpane|Functions|Group|Button|GetStarted)\./.test(id)));
    const used = new Set(attributes('resid'));
    for (const resid of used) expect(ids.has(resid), resid).toBe(true);
    for (const id of ids) if (!/^(Inventory)\./.test(id)) expect(used.has(id), `${id} unused`).toBe(true);
  });

  it('uses HTTPS for every URL', () => {
    const urls = attributes('DefaultValue').filter((v) => /^[a-z]+:\/\//i.test(v));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url, url).toMatch(/^https:\/\//);
    expect(String(doc.AppDomains.AppDomain)).toMatch(/^https:\/\//);
  });

  it('runs the custom functions in the shared runtime of the task pane page', () => {
    expect(doc.Requirements.Sets.Set).toMatchObject({ '@Name': 'SharedRuntime', '@MinVersion': '1.1' });
    const host = doc.VersionOverrides.Hosts.Host;
    expect(host.Runtimes.Runtime).toMatchObject({ '@resid': 'Taskpane.Url', '@lifetime': 'long' });
    const functions = host.AllFormFactors.ExtensionPoint;
    expect(functions['@type']).toBe('CustomFunctions');
    expect(functions.Page.SourceLocation['@resid']).toBe('Taskpane.Url');
    expect(host.DesktopFormFactor.FunctionFile['@resid']).toBe('Taskpane.Url');
    const url = (id: string) => doc.VersionOverrides.Resources.Urls.Url.find((u: Record<string, string>) => u['@id'] === id)['@DefaultValue'] as string;
    expect(url('Taskpane.Url')).toMatch(/\/addin\/taskpane\.html$/);
    expect(url('Functions.Script.Url')).toMatch(/\/addin\/taskpane\.js$/);
    expect(url('Functions.Metadata.Url')).toMatch(/\/addin\/functions\.json$/);
    const namespace = doc.VersionOverrides.Resources.ShortStrings.String.find((s: Record<string, string>) => s['@id'] === 'Functions.Namespace');
    expect(namespace['@DefaultValue']).toBe('INV');
  });

  it('names, describes and labels itself in English and Simplified Chinese', () => {
    expect(doc.DisplayName.Override).toMatchObject({ '@Locale': 'zh-CN', '@Value': '库存台账' });
    expect(doc.Description.Override['@Locale']).toBe('zh-CN');
    const strings = [...doc.VersionOverrides.Resources.ShortStrings.String, ...[doc.VersionOverrides.Resources.LongStrings.String].flat()];
    for (const s of strings.filter((x: Record<string, unknown>) => x['@id'] !== 'Functions.Namespace')) {
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
