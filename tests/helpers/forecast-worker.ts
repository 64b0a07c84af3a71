/**
 * One forecast worker pass in a process of its own, as a second service process would
 * run it: `node --import tsx tests/helpers/forecast-worker.ts <url> <now ms> <worker id> <limit>`.
 * Prints the outcome as JSON.
 */
import { openDatabase } from '../../core/db/client.js';
import { refreshForecasts } from '../../core/services/forecasts/refresh-forecasts.js';

const [url, now, workerId, limit] = process.argv.slice(2);
const database = await openDatabase({ url: url!, migrate: false });
try {
  console.log(
    JSON.stringify(
      await refreshForecasts(database, {
        now: Number(now),
        workerId: workerId!,
        limit: Number(limit),
      }),
    ),
  );
} finally {
  await database.close();
}
