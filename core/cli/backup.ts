/**
 * `npm run backup -- <file>`: a consistent snapshot while the service keeps running.
 * `npm run backup -- --dir backups --keep 14`: a new file in `backups/` named by the
 * time, then, only if it verified, the oldest of this command's own files beyond 14
 * are removed (what a nightly cron line needs, without a shell pipeline).
 */
import { parseArgs } from 'node:util';
import {
  backupDatabase,
  backupFileName,
  OperationRefused,
  rotateBackups,
} from '../services/admin/backup.js';
import { openFromEnv, printReport, runCli } from './common.js';

const USAGE = 'usage: npm run backup -- <file>  |  npm run backup -- --dir <folder> [--keep <n>]';

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { dir: { type: 'string' }, keep: { type: 'string' } },
  });
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (positionals.length > 1 || (positionals.length === 1) === (values.dir !== undefined))
    throw new OperationRefused(USAGE);
  if (keep !== undefined && (values.dir === undefined || !Number.isSafeInteger(keep) || keep < 1))
    throw new OperationRefused(`--keep wants a whole number of files ≥ 1, with --dir; ${USAGE}`);
  const file = positionals[0] ?? backupFileName(values.dir!, new Date());
  const database = await openFromEnv();
  try {
    const report = await backupDatabase(database, file);
    printReport(`backup written to ${file}`, report);
    if (!report.ok) return 1;
    if (keep !== undefined) {
      for (const removed of rotateBackups(values.dir!, keep))
        console.log(`removed old backup ${removed}`);
    }
    return 0;
  } finally {
    await database.close();
  }
});
