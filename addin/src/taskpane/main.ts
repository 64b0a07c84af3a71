/// <reference types="office-js" />
import { apiClient, ApiProblem, type ApiClient } from '../api-client.js';
import { addinLanguage, t, whoLine, type AddinLang, type StringKey } from '../i18n/strings.js';
import { registerFunctions, useApi } from '../functions/functions.js';
import { sendOpeningStock } from './opening-stock.js';
import {
  chartSelectedItem,
  checkMovements,
  ensureMovementsSheet,
  importItems,
  openStocktake,
  postMovements,
  refreshStock,
  requestTransfers,
  sendCounts,
} from './actions.js';

/**
 * The task pane: sign in, then refresh the Stock sheet and Check / Post the Movements
 * sheet. Credentials are kept per add-in partition (Office's partition key), so two
 * workbooks' add-in instances on one machine do not share them by accident.
 */
let lang: AddinLang = 'en';
let api: ApiClient | undefined;
let refresh: AbortController | undefined;
/** What the pane last read into sheets, to read again when the ledger is restored. */
let lastStockFilters: Parameters<typeof refreshStock>[2] | undefined;
let lastStocktake: number | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const storageKey = () => `${Office.context.partitionKey ?? ''}inventory-ledger-signin`;
const newKey = () => crypto.randomUUID();

function translate(): void {
  document
    .querySelectorAll<HTMLElement>('[data-t]')
    .forEach((el) => (el.textContent = t(el.dataset['t'] as StringKey, lang)));
  document.documentElement.lang = lang;
}

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  const status = $('status');
  status.textContent = text;
  status.className = kind;
}

async function signIn(url: string, token: string): Promise<void> {
  const client = apiClient({ baseUrl: url, token, lang });
  const me: { name: string; role: string; locations: string[] } = await client.get('/me');
  api = client;
  useApi(client, {
    pollMs: (window as unknown as { __pollMs?: number }).__pollMs ?? 5000,
    onRestored: () => void guarded(readAgain),
    lang,
  });
  localStorage.setItem(storageKey(), JSON.stringify({ url, token }));
  $('signin').hidden = true;
  $('work').hidden = false;
  $('who').textContent = whoLine(me, lang);
  await ensureMovementsSheet(lang);
}

/** A new epoch: the figures in the sheets belong to a ledger that was replaced. */
async function readAgain(): Promise<void> {
  if (!api) return;
  if (lastStockFilters) await refreshStock(api, lang, lastStockFilters);
  if (lastStocktake !== undefined) await openStocktake(api, lang, lastStocktake);
  say(t('ledgerRestored', lang));
}

async function guarded(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    say(
      error instanceof ApiProblem ? error.message : String((error as Error).message ?? error),
      'error',
    );
  }
}

function wire(): void {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void guarded(() =>
      signIn($<HTMLInputElement>('url').value.trim(), $<HTMLInputElement>('token').value.trim()),
    );
  });
  $('signout').addEventListener('click', () => {
    localStorage.removeItem(storageKey());
    api = undefined;
    useApi(undefined);
    $('work').hidden = true;
    $('signin').hidden = false;
  });
  $('refresh').addEventListener('click', () =>
    guarded(async () => {
      refresh = new AbortController();
      $<HTMLButtonElement>('cancel').hidden = false;
      const progress = $<HTMLProgressElement>('progress');
      lastStockFilters = {
        location: $<HTMLInputElement>('location').value.trim(),
        skuContains: $<HTMLInputElement>('sku').value,
        belowMin: $<HTMLInputElement>('below-min').checked,
      };
      const written = await refreshStock(api!, lang, lastStockFilters, {
        signal: refresh.signal,
        onProgress: (done, total) => {
          progress.max = total;
          progress.value = done;
          say(t('progress', lang, { done, total }));
        },
      }).finally(() => ($<HTMLButtonElement>('cancel').hidden = true));
      say(t('progress', lang, { done: written, total: written }));
    }),
  );
  $('cancel').addEventListener('click', () => refresh?.abort());
  $('check').addEventListener('click', () =>
    guarded(async () => say((await checkMovements(api!, lang, newKey)).message)),
  );
  $('post').addEventListener('click', () =>
    guarded(async () => say((await postMovements(api!, lang, newKey)).message)),
  );
  $('import-items').addEventListener('click', () =>
    guarded(async () => say((await importItems(api!, lang)).message)),
  );
  $('send-opening').addEventListener('click', () =>
    guarded(async () => say((await sendOpeningStock(api!, lang, newKey)).message)),
  );
  $('request-transfers').addEventListener('click', () =>
    guarded(async () => say((await requestTransfers(api!, lang, newKey)).message)),
  );
  const stocktakeId = () => {
    const id = Number($<HTMLInputElement>('stocktake-id').value.trim().replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) throw new Error(t('stocktakeIdNeeded', lang));
    return id;
  };
  $('open-stocktake').addEventListener('click', () =>
    guarded(async () => {
      const id = stocktakeId();
      say(await openStocktake(api!, lang, id));
      lastStocktake = id;
    }),
  );
  $('send-counts').addEventListener('click', () =>
    guarded(async () => say((await sendCounts(api!, lang, stocktakeId())).message)),
  );
  $('chart').addEventListener('click', () =>
    guarded(async () => say(await chartSelectedItem(api!, lang))),
  );
  $('link-teams').addEventListener('click', () =>
    guarded(async () => {
      const res = await api!.post('/me/link-codes', {});
      if (res.status !== 201)
        throw new ApiProblem(res.body.error.message, 'refused', res.status, res.body);
      const body = res.body;
      const time = new Date(body.expiresAt).toLocaleTimeString(lang, {
        hour: '2-digit',
        minute: '2-digit',
      });
      say(t('linkCode', lang, { code: body.code, time }));
    }),
  );
}

registerFunctions();

Office.onReady(() => {
  lang = addinLanguage(Office.context.displayLanguage);
  translate();
  wire();
  $<HTMLInputElement>('url').value = location.origin;
  const saved = localStorage.getItem(storageKey());
  if (saved) {
    const { url, token } = JSON.parse(saved) as { url: string; token: string };
    $<HTMLInputElement>('url').value = url;
    void guarded(() => signIn(url, token));
  }
});
