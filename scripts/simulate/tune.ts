import { replay, type ReplayOptions, type ReplayResult } from './replay.js';

/**
 * The smallest scale (to 0.05) at which a policy reaches `fillRate`, found by doubling
 * then halving the interval: each step is a whole replay.
 */
export async function tune(
  options: ReplayOptions,
  fillRate: number,
  onStep: (step: { scale: number; result: ReplayResult }) => void,
): Promise<{ scale: number; result: ReplayResult }> {
  const run = async (scale: number) => {
    const result = await replay({ ...options, scale });
    onStep({ scale, result });
    return { scale, result, ok: result.total.sold / result.total.demanded >= fillRate };
  };
  let low = 0;
  let high = await run(options.scale);
  while (!high.ok) {
    low = high.scale;
    high = await run(high.scale * 2);
  }
  while (high.scale - low > 0.05) {
    const mid = await run(Math.round(((low + high.scale) / 2) * 100) / 100);
    if (mid.ok) high = mid;
    else low = mid.scale;
  }
  return { scale: high.scale, result: high.result };
}
