/** `npm run backup -- <file>`: a consistent snapshot while the service keeps running. */
import { backupDatabase, OperationRefused } from '../services/admin/backup.js';
import { openFromEnv, printReport, runCli } from './common.js';

await runCli(async () => {
  const file = process.argv[2];
  if (!file) throw new OperationRefused('usage: npm run backup -- <file>');
  const database = await openFromEnv();
  try {
    const report = await backupDatabase(database, file);
    printReport(`backup written to ${file}`, report);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
});
