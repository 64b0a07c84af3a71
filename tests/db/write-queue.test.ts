import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError } from '../../core/db/errors.js';
import { locations } from '../../core/db/schema.js';
import { WriteQueue } from '../../core/db/write-queue.js';
import { tempDatabase, type TempDatabase } from '../helpers/temp-db.js';

let temp: TempDatabase;
beforeAll(async () => {
  temp = await tempDatabase();
});
afterAll(() => temp.cleanup());

const insertLocation = (code: string) => (tx: Parameters<Parameters<WriteQueue['run']>[0]>[0]) =>
  tx
    .insert(locations)
    .values({ code, name: code, kind: 'store', isVirtual: false, createdAt: 0 })
    .returning();

describe('WriteQueue', () => {
  it('commits concurrent jobs together without letting one failure undo the others', async () => {
    const queue = new WriteQueue(temp.database.client, { onBusy: async () => {} });
    const jobs = Array.from({ length: 30 }, (_, i) =>
      queue.run(async (tx) => {
        await insertLocation(`Q${i}`)(tx);
        if (i % 3 === 0) throw new Error(`job ${i} refuses`);
        return i;
      }),
    );
    const outcomes = await Promise.allSettled(jobs);
    outcomes.forEach((o, i) => expect(o.status).toBe(i % 3 === 0 ? 'rejected' : 'fulfilled'));
    const rows = await temp.database.db
      .select({ code: locations.code })
      .from(locations)
      .where(sql`${locations.code} LIKE 'Q%'`);
    expect(rows.map((r) => r.code).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .map((i) => `Q${i}`)
        .sort(),
    );
  });

  it('retries a job that met a busy database, then gives up with DatabaseBusyError', async () => {
    let calls = 0;
    let reconnects = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const queue = new WriteQueue(temp.database.client, {
      onBusy: async () => void reconnects++,
      maxAttempts: 3,
    });
    await expect(
      queue.run(async () => {
        calls++;
        throw busy;
      }),
    ).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(calls).toBe(3);
    expect(reconnects).toBe(2);

    let attempts = 0;
    const value = await queue.run(async (tx) => {
      if (++attempts === 1) throw busy;
      await insertLocation('AFTER-BUSY')(tx);
      return 'done';
    });
    expect(value).toBe('done');
  });
});
