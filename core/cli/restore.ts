/**
 * `npm run restore -- <file> [--force]`: replaces the ledger with a backup, then
 * verifies. Refuses while a service is running on the database unless --force.
 */
import { parseArgs } from 'node:util';
import { OperationRefused, restoreDatabase } from '../services/admin/backup.js';
import { createLogger } from '../observability/logger.js';
import { openFromEnv, printReport, runCli } from './common.js';

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) throw new OperationRefused('usage: npm run restore -- <file> [--force]');
  const database = await openFromEnv();
  try {
    const { backup, restored, epoch, previousEpoch } = await restoreDatabase(database, file, {
      force: values.force,
    });
    printReport(`backup ${file}`, backup);
    printReport(`restored into ${database.url}`, restored);
    // For the operator's log collector: clients see the new epoch and read everything again.
    createLogger().info(
      {
        event: 'database.restore',
        from: file,
        database: database.url,
        movements: backup.movements,
        epoch,
        previousEpoch,
      },
      'ledger restored from a backup: new epoch',
    );
    return restored.ok ? 0 : 1;
  } finally {
    await database.close();
  }
});
