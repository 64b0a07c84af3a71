import { describe, expect, it, vi } from 'vitest';
import {
  ChangeWatcher,
  StockBatcher,
  type StockFigure,
} from '../../addin/src/functions/batcher.js';

describe('StockBatcher', () => {
  it('answers every cell asked in one tick with one request, sharing repeated ones', async () => {
    const calls: Array<Array<{ sku: string; location: string | null }>> = [];
    const batcher = new StockBatcher(async (lines) => {
      calls.push(lines);
      return lines.map(
        (l): StockFigure => ({ ...l, onHand: l.sku.length, available: 1, error: null }),
      );
    });
    const answers = await Promise.all([
      batcher.get('A', 'S1'),
      batcher.get(' A ', 'S1'),
      batcher.get('BB'),
      batcher.get('CCC', ''),
    ]);
    expect(calls).toEqual([
      [
        { sku: 'A', location: 'S1' },
        { sku: 'BB', location: null },
        { sku: 'CCC', location: null },
      ],
    ]);
    expect(answers.map((a) => a.onHand)).toEqual([1, 1, 2, 3]);
    await batcher.get('D');
    expect(calls).toHaveLength(2);
  });

  it('fails every waiter of a batch when the request fails', async () => {
    const batcher = new StockBatcher(async () => {
      throw new Error('offline');
    });
    await expect(Promise.all([batcher.get('A'), batcher.get('B')])).rejects.toThrow('offline');
  });
});

describe('ChangeWatcher', () => {
  it('tells its listeners only when the ledger head moved', async () => {
    let seq = 5;
    const watcher = new ChangeWatcher(async () => ({ seq, epoch: 'e1' }), 60_000);
    const listener = vi.fn();
    const stop = watcher.subscribe(listener);
    expect(await watcher.check()).toBe('moved'); // the first look refreshes once
    expect(await watcher.check()).toBeUndefined();
    seq = 6;
    expect(await watcher.check()).toBe('moved');
    expect(listener).toHaveBeenCalledTimes(2);
    stop();
  });

  it('tells them the ledger was restored when the epoch changes, even at a seq it saw before', async () => {
    let head = { seq: 156, epoch: 'e1' };
    const watcher = new ChangeWatcher(async () => head, 60_000);
    const listener = vi.fn();
    watcher.subscribe(listener);
    await watcher.check();
    head = { seq: 156, epoch: 'e2' };
    expect(await watcher.check()).toBe('restored');
    expect(listener).toHaveBeenLastCalledWith('restored');
    expect(await watcher.check()).toBeUndefined();
  });
});
