/** A figure for one formula cell, as `POST /api/v1/stock/query` answers it. */
export interface StockFigure {
  sku: string;
  location: string | null;
  onHand: number | null;
  available: number | null;
  error: string | null;
}

export type FetchFigures = (
  lines: Array<{ sku: string; location: string | null }>,
) => Promise<StockFigure[]>;

/**
 * Collects the figures that formula cells ask for during one tick and fetches them
 * with one request (a sheet of 500 `=INV.STOCK()` cells makes one call, not 500).
 * Requests for the same item and location share the answer.
 */
export class StockBatcher {
  #pending = new Map<
    string,
    {
      line: { sku: string; location: string | null };
      waiters: Array<(f: StockFigure | Error) => void>;
    }
  >();
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

/** What `GET /api/v1/ledger/head` answers. */
export interface LedgerHead {
  seq: number;
  epoch: string;
}

/** Why listeners are told: the ledger moved, or it was restored (a new epoch: read everything again). */
export type Change = 'moved' | 'restored';

/**
 * Polls the ledger's head (its latest seq and its epoch) and tells its listeners when
 * either changed, so streaming formulas refresh when the ledger changes, and only
 * then. A new epoch counts even when the seq is the one seen last: a restored ledger
 * hands out seqs a second time.
 */
export class ChangeWatcher {
  #last: LedgerHead | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #listeners = new Set<(change: Change) => void>();

  constructor(
    private readonly head: () => Promise<LedgerHead>,
    private readonly intervalMs = 5000,
  ) {}

  subscribe(listener: (change: Change) => void): () => void {
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

  /** Looks at the head once; answers what changed since the last look, if anything. */
  async check(): Promise<Change | undefined> {
    let head: LedgerHead;
    try {
      head = await this.head();
    } catch {
      return undefined;
    }
    const last = this.#last;
    this.#last = head;
    // The first look counts as a move: the cells were read before it, and the ledger
    // may have moved in between.
    const change: Change | undefined =
      last && last.epoch !== head.epoch
        ? 'restored'
        : !last || last.seq !== head.seq
          ? 'moved'
          : undefined;
    if (change) this.#listeners.forEach((l) => l(change));
    return change;
  }
}
