import 'reflect-metadata';
import { verifyAuditChains } from '../audit/chain-verifier.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { openDataSource } from './data-source.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';

/**
 * `npm run migration:run` | `npm run seed` | `npm run audit:verify`, against DATABASE_URL or the
 * embedded database under DATA_DIR.
 */
async function main(command: string | undefined): Promise<number> {
  const config = loadConfig();
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
      case 'audit-verify': {
        const report = await verifyAuditChains(db);
        process.stdout.write(`Checked ${report.rows} audit rows in ${report.chains} chains\n`);
        for (const [key, hash] of Object.entries(report.heads)) process.stdout.write(`  head ${key}: ${hash}\n`);
        if (report.breaks.length === 0) {
          process.stdout.write('Audit chain intact\n');
          return 0;
        }
        for (const b of report.breaks) process.stdout.write(`BROKEN chain ${b.chainKey} at seq ${b.chainSeq} (row id ${b.id}): ${b.problem}\n`);
        return 2;
      }
      default:
        process.stderr.write('usage: cli.js migrate | seed | audit-verify\n');
        return 64;
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof ConfigError ? 'Configuration error' : 'Error'}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
