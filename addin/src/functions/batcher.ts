/** A figure for one formula cell, as `POST /api/v1/stock/query` answers it. */
export interface StockFigure {
  sku: string;
  location: string | null;
  onHand: number | null;
  available: number | null;
  error: string | null;
}

export type FetchFigures = (lines: Array<{ sku: string; location: string | null }>) => Promise<StockFigure[]>;

/**
 * Collects the figures that formula cells ask for during one tick and fetches them
 * with one request (a sheet of 500 `=INV.STOCK()` cells makes one call, not 500).
 * Requests for the same item and location share the answer.
 */
export class StockBatcher {
  #pending = new Map<string, { line: { sku: string; location: string | null }; waiters: Array<(f: StockFigure | Error) => void> }>();
  #scheduled = false;

  constructor(
    private readonly fetchFigures: FetchFigures,
    private readonly schedule: (run: () => void) => void = (run) => setTimeout(run, 0),
  ) {}

  get(sku: string, location?: string | null): Promise<StockFigure> {
    const line = { sku: sku.trim(), location: location?.trim() || null };
    const key = `${line.sku}\u0000${line.location ?? ''}`;
    return new Promise((resolve, reject) => {
      const entry = this.#pending.get(key) ?? { line, waiters: [] };
      entry.waiters.push((f) => (f instanceof Error ? reject(f) : resolve(f)));
      this.#pending.set(key, entry);
      if (!this.#scheduled) {
        this.#scheduled = true;
        this.schedule(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#scheduled = false;
    try {
      const figures = await this.fetchFigures(batch.map((b) => b.line));
      batch.forEach((b, i) => b.waiters.forEach((w) => w(figures[i]!)));
    } catch (error) {
      batch.forEach((b) => b.waiters.forEach((w) => w(error as Error)));
    }
  }
}

/**
 * Polls a cheap change counter (the ledger's latest seq) and tells its listeners when
 * it moved, so streaming formulas refresh when the ledger changes, and only then.
 */
export class ChangeWatcher {
  #last: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly head: () => Promise<number>,
    private readonly intervalMs = 5000,
  ) {}

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) this.#timer = setInterval(() => void this.check(), this.intervalMs);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  async check(): Promise<boolean> {
    let seq: number;
    try {
      seq = await this.head();
    } catch {
      return false;
    }
    // The first look counts as a change: the cells were read before it, and the ledger
    // may have moved in between.
    const changed = seq !== this.#last;
    this.#last = seq;
    if (changed) this.#listeners.forEach((l) => l());
    return changed;
  }
}
