import Libsql from 'libsql';

/**
 * Prepared statements, kept per connection.
 *
 * `@libsql/client` runs every statement on a `file:` database as
 * `db.prepare(sql)` + run/all on the `libsql` package's connection, and throws the
 * statement away: preparing was a quarter of the CPU of one posting (measured with
 * `node --cpu-prof`, see docs/performance.md). The client has no option to keep them,
 * so this keeps the last `CAPACITY` statements of each connection, by SQL text, in
 * an LRU map beside the connection object (dropped when the connection is
 * closed; `reconnect()` after SQLITE_BUSY opens a new one, with an empty cache).
 *
 * Safe because every use starts afresh: libsql resets a statement before each
 * `run()` and each query (src/statement.rs, `raw_stmt.reset()`), the client reads
 * every result to the end, and the toggles it sets (`safeIntegers(true)`, `raw(true)`)
 * are the same on every call. SQLite re-prepares a statement by itself when the
 * schema changes under it. Statements whose text carries values rather than
 * placeholders would only churn the LRU, never grow it.
 *
 * `INVENTORY_STATEMENT_CACHE=off` leaves the client as it is (to measure the difference).
 */
const CAPACITY = 256;

type Statement = ReturnType<Libsql.Database['prepare']>;
const caches = new WeakMap<object, Map<string, Statement>>();
const INSTALLED = Symbol.for('inventory.statementCache');

export function installStatementCache(): void {
  const proto = Libsql.prototype as unknown as Record<PropertyKey, unknown> & {
    prepare(this: object, sql: string): Statement;
    close(this: object): void;
  };
  if (proto[INSTALLED] || process.env['INVENTORY_STATEMENT_CACHE'] === 'off') return;
  const prepare = proto.prepare;
  proto.prepare = function cachedPrepare(this: object, sql: string): Statement {
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const statement = prepare.call(this, sql);
    cache.set(sql, statement);
    if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
    return statement;
  };
  const close = proto.close;
  proto.close = function closeAndForget(this: object): void {
    caches.delete(this);
    close.call(this);
  };
  proto[INSTALLED] = true;
}
