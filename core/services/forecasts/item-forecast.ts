import { z } from 'zod';
import { FIT_HISTORY_DAYS, forecastDays, weeklyProfile } from '../../domain/forecast.js';
import { forecastBacktest } from '../../domain/forecast-history.js';
import { dayDate, localDay } from '../../domain/time.js';
import { rawReader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { RefResolver } from '../refs.js';
import { shopZone } from '../settings/read-settings.js';
import { QueryInt } from '../schemas.js';
import { loadForecasts } from './load-forecasts.js';

export const ItemForecastInput = z.strictObject({
  /** Days of history, ending today. */
  days: QueryInt(1, 365).default(90),
  /** Days to forecast after today. */
  ahead: QueryInt(0, 90).default(14),
});
export type ItemForecastInput = z.infer<typeof ItemForecastInput>;

const round = (n: number) => Math.round(n * 100) / 100;
const dateOf = dayDate;

export const ItemForecast = z
  .object({
    sku: z.string(),
    location: z.string(),
    model: z
      .object({
        fittedThrough: z.string().describe('The last day the model has taken in'),
        perDay: z.number().describe('Forecast demand per day over the next 7 days'),
        error: z.number().describe('Standard deviation of a one-day forecast, in units'),
        weeklyProfile: z
          .array(z.number())
          .length(7)
          .describe('Each weekday’s factor, Sunday first, averaging 1'),
        yearlyProfile: z
          .boolean()
          .describe('Whether a yearly profile is used (more than a year of history)'),
        alpha: z.number(),
        beta: z.number(),
        gamma: z.number(),
      })
      .nullable()
      .describe('None until the series has 28 days of demand and the forecast worker has run'),
    days: z.array(
      z.object({
        date: z.string(),
        sold: z.number().int(),
        refused: z.number().int().describe('Units refused for lack of stock'),
        demand: z.number().int().describe('sold + refused'),
        forecast: z.number().nullable().describe('What the forecast said the day before'),
      }),
    ),
    ahead: z.array(z.object({ date: z.string(), forecast: z.number() })),
  })
  .meta({ id: 'ItemForecast' });
export type ItemForecast = z.infer<typeof ItemForecast>;

/**
 * An item's demand at a location day by day (sold, refused, their sum) next to what the
 * forecast said the day before, and the forecast for the days ahead from the model the
 * worker keeps (the one suggestions use). Reads only.
 */
export async function itemForecast({
  ctx,
  sku,
  location,
  input,
}: {
  ctx: ServiceContext;
  sku: string;
  location: string;
  input: ItemForecastInput;
}): Promise<ItemForecast> {
  const q = rawReader(ctx);
  const refs = await new RefResolver(q).load({ skus: [sku], locations: [location] });
  const item = refs.item(sku);
  if (!item) throw notFound('item', sku);
  const place = refs.internalLocation(location);
  const today = localDay(ctx.now(), await shopZone(q));
  const from = today - input.days - FIT_HISTORY_DAYS;
  const { rows } = await q.execute({
    sql: `SELECT day, sold, refused_quantity FROM balance_days WHERE item_id = ? AND location_id = ? AND day > ? AND day <= ? ORDER BY day`,
    args: [item.id, place.id, from, today],
  });
  const byDay = new Map(
    rows.map((r) => [
      Number(r['day']),
      { sold: Number(r['sold']), refused: Number(r['refused_quantity']) },
    ]),
  );
  const firstWithDemand = rows.find((r) => Number(r['sold']) + Number(r['refused_quantity']) > 0);
  const shown = Array.from({ length: input.days }, (_, i) => today - input.days + 1 + i);
  // What was said for each shown day, fitted on the complete days before it (today is not over: its figure is so far).
  const said = new Map<number, number | null>();
  if (firstWithDemand) {
    const first = Number(firstWithDemand['day']);
    const demand = Array.from({ length: Math.max(0, today - first + 1) }, (_, i) => {
      const d = byDay.get(first + i);
      return d ? d.sold + d.refused : 0;
    });
    const backtest = forecastBacktest(demand, first, Math.min(input.days, demand.length));
    backtest.forEach((f, i) =>
      said.set(today - backtest.length + 1 + i, f === null ? null : round(f)),
    );
  }
  const model = (await loadForecasts(q, { itemId: item.id, locationId: place.id })).get(
    `${item.id}:${place.id}`,
  );
  return {
    sku,
    location: place.code,
    model: model
      ? {
          fittedThrough: dateOf(model.throughDay),
          perDay: round(
            forecastDays(model, model.throughDay + 1, 7).reduce((s, d) => s + d, 0) / 7,
          ),
          error: round(Math.sqrt(model.mse)),
          weeklyProfile: weeklyProfile(model).map((f) => Math.round(f * 1000) / 1000),
          yearlyProfile: model.yearly !== null,
          alpha: model.alpha,
          beta: model.beta,
          gamma: model.gamma,
        }
      : null,
    days: shown.map((day) => {
      const d = byDay.get(day) ?? { sold: 0, refused: 0 };
      return {
        date: dateOf(day),
        sold: d.sold,
        refused: d.refused,
        demand: d.sold + d.refused,
        forecast: said.get(day) ?? null,
      };
    }),
    ahead: model
      ? forecastDays(model, today + 1, input.ahead).map((f, i) => ({
          date: dateOf(today + 1 + i),
          forecast: round(f),
        }))
      : [],
  };
}
