import type { ResultSet, Transaction } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * drizzle without a relational schema: the code uses the query builder and `sql`,
 * never `db.query.*`, and a schema would be re-analysed for every transaction.
 */
export type Db = LibSQLDatabase;

/**
 * An open write transaction: drizzle for ordinary statements, and `raw`, the libSQL
 * transaction itself, for the few hot-path statements written by hand (see
 * `core/services/ledger/`). Both run on the same connection inside the same
 * BEGIN IMMEDIATE … COMMIT.
 */
export type Tx = Db & { readonly raw: Transaction };

/** Anything a query can run on: the database (reads) or an open transaction. */
export type Queryable = BaseSQLiteDatabase<'async', ResultSet>;

/** Where a hand-written statement can run: the client (reads) or an open transaction. */
export type Executor = Pick<Transaction, 'execute'>;
