import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/*
 * Headless Chromium for the browser tests, without root and without a download:
 * `CHROMIUM_PATH`, else a Chromium installed on the machine, else the binary shipped
 * inside the `@sparticuz/chromium` npm package (unpacked once into the temp folder).
 * The CJK font comes from the `@fontsource/noto-sans-sc` npm package, served to the
 * page under the family names the task pane asks for, so Chinese screenshots are
 * legible on a machine with no CJK font installed.
 */

const require = createRequire(import.meta.url);
const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Flags that keep Chromium off this machine's closed network and out of the sandbox. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where the Chromium used by the tests lives (installed, or unpacked from the npm package). */
export async function chromiumPath(): Promise<string> {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) return configured;
  const installed = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (installed) return installed;
  return unpackPackagedChromium();
}

/**
 * `@sparticuz/chromium` unpacks into `os.tmpdir()`. Several test processes (and several
 * checkouts) may start at once, so each unpacks into a folder of its own and renames it
 * into place; whoever loses the race uses the winner's copy.
 */
async function unpackPackagedChromium(): Promise<string> {
  // The package's exports hide package.json; its entry point is build/cjs/index.cjs.
  const packageRoot = join(dirname(require.resolve('@sparticuz/chromium')), '../..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const home = join(tmpdir(), `inventory-chromium-${version}`);
  const binary = join(home, 'chromium');
  if (existsSync(binary)) return binary;

  const scratch = mkdtempSync(join(tmpdir(), 'inventory-chromium-unpack-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = scratch;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    await packaged.executablePath(join(packageRoot, 'bin'));
  } finally {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
  }
  try {
    renameSync(scratch, home);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`could not unpack @sparticuz/chromium into ${home}`);
  return binary;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
}

const FONT_FILES = dirname(require.resolve('@fontsource/noto-sans-sc/400.css'));
const FONT_FAMILIES = ['Microsoft YaHei', 'Segoe UI', 'Noto Sans SC'];

/** `@font-face` rules for Noto Sans SC (regular and bold) under the families pages ask for. */
function fontFaces(): string {
  const css = ['400.css', '700.css']
    .map((file) => readFileSync(join(FONT_FILES, file), 'utf8'))
    .join('\n');
  const served = css.replaceAll('url(./files/', 'url(/__test-fonts/');
  return FONT_FAMILIES.map((family) =>
    served.replaceAll("font-family: 'Noto Sans SC'", `font-family: '${family}'`),
  ).join('\n');
}

/**
 * Make every page of this browser able to draw Chinese: the font files are answered
 * from the npm package at `/__test-fonts/`, and the `@font-face` rules are added to
 * each document before its own scripts run.
 */
export async function installCjkFont(page: Page): Promise<void> {
  await page.route('**/__test-fonts/**', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    route.fulfill({
      contentType: 'font/woff2',
      body: readFileSync(join(FONT_FILES, 'files', name)),
    });
  });
  await page.addInitScript((css: string) => {
    const add = () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.prepend(style);
    };
    if (document.head) add();
    else document.addEventListener('DOMContentLoaded', add, { once: true });
  }, fontFaces());
}

/** A screenshot once the fonts the page uses have arrived. */
export async function screenshot(page: Page, path: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path });
}
