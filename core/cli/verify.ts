/** `npm run verify`: replays every movement and compares; exits 1 on any mismatch. */
import { verifyLedger } from '../services/admin/verify-ledger.js';
import { openFromEnv, printReport, runCli } from './common.js';

await runCli(async () => {
  const database = await openFromEnv();
  try {
    const started = performance.now();
    const report = await verifyLedger(database.client, 10_000);
    printReport(`verify ${database.url}`, report);
    console.log(
      `${report.ok ? 'ok' : 'MISMATCH'} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
});
