import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { verifyAuditChains } from '../audit/chain-verifier.js';
import type { SqlRunner } from '../common/sql.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createOperator, parseOperatorArgs, readOperatorPassword } from './create-operator.js';
import { openDataSource } from './data-source.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';

/**
 * `npm run migration:run` | `npm run seed` | `npm run audit:verify` | `npm run create-operator`,
 * against DATABASE_URL or the embedded database under DATA_DIR (whose lock it takes like the app,
 * so it is refused while the app has it open). Runs from the built output: the `…:built` npm
 * scripts, or `node dist/api/apps/api/src/database/cli.js <command>` in the production image.
 */
async function main(command: string | undefined, args: string[]): Promise<number> {
  const config = loadConfig();
  // Input is checked before the database is opened: a typo costs nothing.
  const operator = command === 'create-operator' ? { ...parseOperatorArgs(args), password: await readOperatorPassword(process.env, process.stdin) } : null;
  const db = await openDataSource(config, { migrate: command !== 'audit-verify' });
  try {
    switch (command) {
      case 'migrate': {
        const pending = await db.showMigrations();
        process.stdout.write(pending ? 'Migrations still pending after run\n' : 'Database schema is up to date\n');
        return pending ? 1 : 0;
      }
      case 'seed': {
        const seeded = await seedDemoIfEmpty(db);
        process.stdout.write(seeded ? 'Demo platform seeded\n' : 'Database already has users; nothing seeded\n');
        return 0;
      }
      case 'audit-verify':
        return await auditVerify(db, (line) => process.stdout.write(line + '\n'));
      case 'create-operator': {
        const created = await createOperator(db, operator!);
        process.stdout.write(`Operator ${created.email} created (id ${created.id}); sign in at /login\n`);
        return 0;
      }
      default:
        process.stderr.write('usage: cli.js migrate | seed | audit-verify | create-operator --email <e-mail> --name <name>\n');
        return 64;
    }
  } finally {
    await db.destroy();
  }
}

/**
 * `npm run audit:verify`: prints every chain's head and each break (chain, sequence, row id, what is
 * wrong). Exit 0 when intact, 2 when anything is broken.
 */
export async function auditVerify(db: SqlRunner, print: (line: string) => void): Promise<number> {
  const report = await verifyAuditChains(db);
  print(`Checked ${report.rows} audit rows in ${report.chains} chains`);
  for (const [key, hash] of Object.entries(report.heads)) print(`  head ${key}: ${hash}`);
  if (report.breaks.length === 0) {
    print('Audit chain intact');
    return 0;
  }
  for (const b of report.breaks) print(`BROKEN chain ${b.chainKey} at seq ${b.chainSeq} (row id ${b.id}): ${b.problem}`);
  return 2;
}

// Run only as a script (the audit test imports auditVerify without running a command).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2], process.argv.slice(3)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${err instanceof ConfigError ? 'Configuration error' : 'Error'}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
