import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putAlertRules, PutAlertRulesInput } from '../../../core/services/alerts/alert-rules.js';
import { listAlerts, ListAlertsInput } from '../../../core/services/alerts/alerts.js';
import { serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules alerts/ owns, called directly: a posting below min opens one alert; stock back resolves it. */
let w: ServiceWorld;
beforeAll(async () => {
  w = await serviceWorld();
  await w.receive('TEA', 'S1', 10);
  await putAlertRules({
    ctx: w.ctx,
    input: PutAlertRulesInput.parse({
      rules: [{ sku: 'TEA', location: 'S1', min: 5, hysteresis: 2 }],
    }),
  });
});
afterAll(() => w.cleanup());

const belowMin = async () =>
  (await listAlerts({ ctx: w.ctx, input: ListAlertsInput.parse({ location: 'S1' }) })).filter(
    (a) => a.kind === 'below_min',
  );

describe('alerts', () => {
  it('open once when a posting takes available below min, and resolve above min plus hysteresis', async () => {
    await w.sell('TEA', 'S1', 6);
    const [opened, ...more] = await belowMin();
    expect(more).toEqual([]);
    expect(opened).toMatchObject({
      status: 'open',
      sku: 'TEA',
      location: 'S1',
      details: { available: 4, min: 5 },
    });
    await w.sell('TEA', 'S1', 1);
    expect((await belowMin()).map((a) => a.status)).toEqual(['open']);
    await w.receive('TEA', 'S1', 3); // 6: above min, not above min + hysteresis
    expect((await belowMin()).map((a) => a.status)).toEqual(['open']);
    await w.receive('TEA', 'S1', 2); // 8
    expect((await belowMin()).map((a) => a.status)).toEqual(['resolved']);
  });
});
