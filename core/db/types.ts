import type { ResultSet } from '@libsql/client';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { LibSQLDatabase, LibSQLTransaction } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;
export type Tx = LibSQLTransaction<Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database (reads) or an open transaction. */
export type Queryable = BaseSQLiteDatabase<'async', ResultSet, Schema>;
