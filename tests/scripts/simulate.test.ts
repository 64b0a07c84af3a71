import { describe, expect, it } from 'vitest';
import { readDemand } from '../../scripts/simulate/demand.js';
import { POLICY_NAMES } from '../../scripts/simulate/policies.js';
import { replay } from '../../scripts/simulate/replay.js';

/*
 * A short replay of the real demand data through the ledger: four months of three
 * series at two stores. Whatever the policy, every unit demanded is either sold or
 * refused in the ledger's own per-day figures, and the ledger verifies.
 */
const demand = readDemand('../shared/data/store-item-demand-sample.csv', { days: 120 });
const few = {
  ...demand,
  series: demand.series.filter(
    (s) => ['1', '2'].includes(s.store) && ['1', '7', '15'].includes(s.item),
  ),
};

describe('the replay', () => {
  it.each(POLICY_NAMES)(
    '%s: units sold + refused = units demanded, per store, and verify passes',
    async (policy) => {
      // minmax at its first-90-days levels runs out in spring: refusals are certain.
      const result = await replay({
        demand: few,
        policy,
        leadTimeDays: 7,
        reviewDays: 1,
        historyDays: 90,
        serviceLevel: 0.95,
        scale: 1,
      });
      expect(result.days).toBe(30);
      expect(result.stores.map((s) => s.store)).toEqual(['S1', 'S2']);
      for (const s of result.stores) {
        const demanded = few.series
          .filter((x) => `S${x.store}` === s.store)
          .reduce((sum, x) => sum + x.daily.slice(90).reduce((a, b) => a + b, 0), 0);
        expect(s.demanded).toBe(demanded);
        expect(s.sold + s.refused, s.store).toBe(s.demanded);
        expect(s.orders).toBeGreaterThan(0);
        expect(s.unitsOnHand).toBeGreaterThan(0);
      }
      expect(result.total.sold + result.total.refused).toBe(result.total.demanded);
      expect(result.verify.mismatches).toEqual([]);
      if (policy === 'minmax') expect(result.total.refused).toBeGreaterThan(0);
    },
  );

  it('a stock-out is recorded as the units refused, not lost from the figures', async () => {
    // With min and max halved, stores run out often; the ledger must say by how much.
    const result = await replay({
      demand: few,
      policy: 'minmax',
      leadTimeDays: 7,
      reviewDays: 1,
      historyDays: 90,
      serviceLevel: 0.95,
      scale: 0.5,
    });
    expect(result.total.stockOutDays).toBeGreaterThan(5);
    expect(result.total.refused).toBeGreaterThan(result.total.stockOutDays);
    expect(result.total.sold + result.total.refused).toBe(result.total.demanded);
  });
});
