import type { Client, Transaction } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { DatabaseBusyError, isBusyError } from './errors.js';
import type { Tx } from './types.js';

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
 * Correctness never rests on the queue: the database does (the write lock of
 * BEGIN IMMEDIATE, CHECK constraints, compare-and-set on status), across processes too.
 *
 * Speed: jobs that queue up while a transaction runs are committed together in the
 * next one (group commit), each in its own savepoint so that one refusal does not
 * undo the others. A durable commit costs an fsync; sharing it is how concurrent
 * postings beat one-commit-per-request.
 */
export class WriteQueue {
  readonly #client: Client;
  readonly #options: Required<WriteQueueOptions>;
  #pending: Job[] = [];
  #draining = false;

  constructor(client: Client, options: WriteQueueOptions) {
    this.#client = client;
    this.#options = { maxAttempts: 8, maxGroupSize: 64, ...options };
  }

  /** Runs `fn` inside a write transaction and resolves once it is durably committed. */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        // A transaction's statements run synchronously under promise callbacks, so
        // nothing else (no incoming request) gets a turn until it commits. Waiting
        // one turn of the event loop first lets the requests that have already
        // arrived queue their jobs, so they commit together.
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.#draining || this.#pending.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0, this.#options.maxGroupSize);
        const outcomes = await this.#commitGroup(group);
        group.forEach((job, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) job.resolve(outcome.value);
          else job.reject(outcome.error);
        });
        if (this.#pending.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.#draining = false;
    }
  }

  async #commitGroup(group: Job[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(group);
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

  /**
   * One transaction for the whole group. A lone job needs no savepoint: its failure
   * rolls the transaction back. A busy database aborts the attempt (thrown), and
   * the group is tried again from the start.
   */
  async #attempt(group: Job[]): Promise<Outcome[]> {
    const raw = await this.#client.transaction('write');
    try {
      const tx = bind(raw);
      const outcomes: Outcome[] = [];
      for (const job of group) {
        if (group.length === 1) {
          try {
            outcomes.push({ ok: true, value: await job.fn(tx) });
          } catch (error) {
            if (isBusyError(error)) throw error;
            await raw.rollback();
            return [{ ok: false, error }];
          }
          continue;
        }
        await raw.execute('SAVEPOINT job');
        try {
          outcomes.push({ ok: true, value: await job.fn(tx) });
          await raw.execute('RELEASE job');
        } catch (error) {
          if (isBusyError(error)) throw error;
          await raw.execute('ROLLBACK TO job');
          await raw.execute('RELEASE job');
          outcomes.push({ ok: false, error });
        }
      }
      await raw.commit();
      return outcomes;
    } finally {
      raw.close();
    }
  }
}

/** drizzle on top of an open libSQL transaction, with the transaction at hand as `raw`. */
function bind(raw: Transaction): Tx {
  return Object.assign(drizzle(raw as unknown as Client), { raw });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
