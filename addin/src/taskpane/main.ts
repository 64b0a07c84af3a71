/// <reference types="office-js" />
import { apiClient, ApiProblem, type ApiClient } from '../api-client.js';
import { addinLanguage, t, whoLine, type AddinLang, type StringKey } from '../i18n/strings.js';
import { registerFunctions, useApi } from '../functions/functions.js';
import { sendOpeningStock } from './opening-stock.js';
import { selectCell } from '../office/excel.js';
import type { EntryKind } from '../sheet/entry-sheets.js';
import { SHOWN_PROBLEMS, info, type Outcome } from '../sheet/outcome.js';
import {
  chartSelectedItem,
  checkMovements,
  importItems,
  newEntrySheet,
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
  say('');
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

/** Where an action's outcome is shown: the box under its buttons. */
type Area = 'movements' | 'stock' | 'items' | 'transfers' | 'opening' | 'stocktake' | 'account';

/**
 * Shows an outcome next to the action that had it: the headline with the counts, the
 * first problems with their sheet row numbers and a link that selects the cell, and
 * scrolls it into view (the pane may be 320 × 560).
 */
function show(area: Area, outcome: Outcome): void {
  const box = $(`result-${area}`);
  box.replaceChildren();
  box.className = `result ${outcome.kind}`;
  const headline = document.createElement('p');
  headline.className = 'headline';
  headline.textContent = outcome.headline;
  box.append(headline);
  if (outcome.problems.length > 0) {
    const list = document.createElement('ul');
    for (const p of outcome.problems.slice(0, SHOWN_PROBLEMS)) {
      const item = document.createElement('li');
      const row = (outcome.firstRow ?? 2) + p.row;
      item.append(`${t('problemRow', lang, { row, message: p.message })} `);
      const link = document.createElement('a');
      link.href = '#';
      link.className = 'go-to-row';
      link.textContent = t('goToRow', lang);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        void inArea(area, async () => {
          await selectCell(outcome.table!, p.row, p.col);
          return undefined;
        });
      });
      item.append(link);
      list.append(item);
    }
    box.append(list);
    const more = outcome.problems.length - SHOWN_PROBLEMS;
    if (more > 0) {
      const rest = document.createElement('p');
      rest.textContent = t('moreProblems', lang, { count: more });
      box.append(rest);
    }
  }
  box.scrollIntoView({ block: 'nearest' });
}

/** Runs an action; its outcome, or why it failed, is shown in its area. */
async function inArea(area: Area, action: () => Promise<Outcome | undefined>): Promise<void> {
  try {
    const outcome = await action();
    if (outcome) show(area, outcome);
  } catch (error) {
    show(area, {
      kind: 'error',
      headline:
        error instanceof ApiProblem ? error.message : String((error as Error).message ?? error),
      problems: [],
    });
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
  const on = (id: string, area: Area, action: () => Promise<Outcome | undefined>) =>
    $(id).addEventListener('click', () => void inArea(area, action));
  on('refresh', 'stock', async () => {
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
        show('stock', info(t('progress', lang, { done, total })));
      },
    }).finally(() => ($<HTMLButtonElement>('cancel').hidden = true));
    return { ...info(t('progress', lang, { done: written, total: written })), kind: 'ok' };
  });
  $('cancel').addEventListener('click', () => refresh?.abort());
  on('check', 'movements', () => checkMovements(api!, lang, newKey));
  on('post', 'movements', () => postMovements(api!, lang, newKey));
  on('import-items', 'items', () => importItems(api!, lang));
  on('send-opening', 'opening', () => sendOpeningStock(api!, lang, newKey));
  on('request-transfers', 'transfers', () => requestTransfers(api!, lang, newKey));
  for (const kind of ['movements', 'items', 'transfers', 'opening'] as const satisfies EntryKind[])
    on(`new-${kind}`, kind, () => newEntrySheet(api!, lang, kind));
  const stocktakeId = () => {
    const id = Number($<HTMLInputElement>('stocktake-id').value.trim().replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) throw new Error(t('stocktakeIdNeeded', lang));
    return id;
  };
  on('open-stocktake', 'stocktake', async () => {
    const id = stocktakeId();
    const opened = info(await openStocktake(api!, lang, id));
    lastStocktake = id;
    return opened;
  });
  on('send-counts', 'stocktake', () => sendCounts(api!, lang, stocktakeId()));
  on('chart', 'stock', async () => info(await chartSelectedItem(api!, lang)));
  on('link-teams', 'account', async () => {
    const res = await api!.post('/me/link-codes', {});
    if (res.status !== 201)
      throw new ApiProblem(res.body.error.message, 'refused', res.status, res.body);
    const body = res.body;
    const time = new Date(body.expiresAt).toLocaleTimeString(lang, {
      hour: '2-digit',
      minute: '2-digit',
    });
    return info(t('linkCode', lang, { code: body.code, time }));
  });
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
