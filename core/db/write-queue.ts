import type { Db, Tx } from './types.js';
import { DatabaseBusyError, isBusyError } from './errors.js';

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface WriteQueueOptions {
  /** Called on SQLITE_BUSY before the next attempt (libsql-client-ts#352: reconnect). */
  onBusy: () => Promise<void>;
  /** Attempts at one group before its callers get `DatabaseBusyError`. */
  maxAttempts?: number;
  /** Most jobs committed together. */
  maxGroupSize?: number;
}

/**
 * Every write of this process goes through one queue, for two reasons.
 *
 * Liveness: with @libsql/client, two write transactions in one process block each
 * other (the busy wait sleeps on the event loop, so the holder never finishes).
 * Correctness never rests on the queue: the database guards (`WHERE on_hand -
 * reserved >= ?`, CHECK constraints, compare-and-set on status) do that, and they
 * hold across processes too.
 *
 * Speed: jobs that queue up while a transaction runs are committed together in the
 * next one (group commit), each in its own savepoint so that one refusal does not
 * undo the others. A durable commit costs an fsync; sharing it is how concurrent
 * postings beat one-commit-per-request.
 */
export class WriteQueue {
  readonly #db: Db;
  readonly #options: Required<WriteQueueOptions>;
  #pending: Job[] = [];
  #draining = false;

  constructor(db: Db, options: WriteQueueOptions) {
    this.#db = db;
    this.#options = { maxAttempts: 8, maxGroupSize: 64, ...options };
  }

  /** Runs `fn` inside a write transaction and resolves once it is durably committed. */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.#draining || this.#pending.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0, this.#options.maxGroupSize);
        const outcomes = await this.#commitGroup(group);
        group.forEach((job, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) job.resolve(outcome.value);
          else job.reject(outcome.error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  async #commitGroup(group: Job[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return group.length === 1 ? [await this.#runAlone(group[0]!)] : await this.#runTogether(group);
      } catch (error) {
        if (!isBusyError(error)) return group.map(() => ({ ok: false, error }));
        if (attempt >= this.#options.maxAttempts) {
          return group.map(() => ({ ok: false, error: new DatabaseBusyError(error) }));
        }
        await this.#options.onBusy();
        await sleep(Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** One job: its failure rolls back the transaction; no savepoint is needed. */
  async #runAlone(job: Job): Promise<Outcome> {
    try {
      return { ok: true, value: await this.#db.transaction((tx) => job.fn(tx)) };
    } catch (error) {
      if (isBusyError(error)) throw error;
      return { ok: false, error };
    }
  }

  async #runTogether(group: Job[]): Promise<Outcome[]> {
    return this.#db.transaction(async (tx) => {
      const outcomes: Outcome[] = [];
      for (const job of group) {
        try {
          outcomes.push({ ok: true, value: await tx.transaction((savepoint) => job.fn(savepoint)) });
        } catch (error) {
          // A busy database aborts the whole group, which is then tried again.
          if (isBusyError(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
