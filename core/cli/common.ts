import { loadEnvironment } from '../config/environment.js';
import { databaseUrlFromEnv, describeDatabase } from '../config/server-config.js';
import { openDatabase, type Database } from '../db/client.js';
import { OperationRefused } from '../services/admin/backup.js';
import type { VerifyReport } from '../services/admin/verify-ledger.js';
import { ServiceError } from '../services/errors.js';
import { errorMessage } from '../i18n/error-messages.js';
import { terminalLanguage } from '../i18n/console-messages.js';

/**
 * The database the service uses: the same configuration (environment, else `.env`),
 * announced on stderr so that an operator (or a cron mail) sees which ledger a
 * command touched, while stdout stays the command's own output.
 */
export function openFromEnv(): Promise<Database> {
  let environment: ReturnType<typeof loadEnvironment>;
  try {
    environment = loadEnvironment();
  } catch (error) {
    throw new OperationRefused((error as Error).message);
  }
  const url = databaseUrlFromEnv();
  console.error(describeDatabase(url, environment));
  return openDatabase({ url });
}

/**
 * Runs a command: refusals (`OperationRefused`, `ServiceError`) print one line and
 * exit 2; anything else is a bug and prints its stack (exit 1).
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof OperationRefused) {
      console.error(`refused: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof ServiceError) {
      console.error(
        `refused: ${errorMessage(error.code, error.params, terminalLanguage())} (${error.code} ${JSON.stringify(error.details ?? error.params)})`,
      );
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}

export function printReport(label: string, report: VerifyReport): void {
  console.log(
    `${label}: ${report.movements} movements, ${report.balances} balances, ${report.mismatches.length} mismatches`,
  );
  for (const m of report.mismatches) {
    console.log(
      `  ${m.rule}: ${m.sku}${m.location ? ` at ${m.location}` : ''}: expected ${m.expected}, found ${m.actual}`,
    );
  }
}
