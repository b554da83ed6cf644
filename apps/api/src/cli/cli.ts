import 'reflect-metadata';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { anchorKeyFromEnv, checkAnchors, createAnchor, listAnchors, writeAnchor } from '../audit/anchors.js';
import { verifyAuditChains } from '../audit/chain-verifier.js';
import type { SqlRunner } from '../common/sql.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createOperator, parseOperatorArgs, readOperatorPassword } from './create-operator.js';
import { openDataSource, ownerConfig } from '../database/data-source.js';
import { grantAppRole, roleOf } from '../database/roles.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';

/**
 * `npm run migration:run` | `npm run seed` | `npm run audit:verify` | `npm run audit:anchor` |
 * `npm run create-operator`, against DATABASE_URL (migrations and grants as MIGRATION_DATABASE_URL
 * when set) or the embedded database under DATA_DIR (whose lock it takes like the app, so it is
 * refused while the app has it open). Runs from the built output: the `…:built` npm scripts, or
 * `node dist/api/apps/api/src/cli/cli.js <command>` in the production image.
 */
async function main(command: string | undefined, args: string[]): Promise<number> {
  const config = loadConfig();
  // Input is checked before the database is opened: a typo costs nothing.
  const operator = command === 'create-operator' ? { ...parseOperatorArgs(args), password: await readOperatorPassword(process.env, process.stdin) } : null;
  // Migrations (and the grants that follow them) run as the owner role when MIGRATION_DATABASE_URL is
  // set; reading the audit for verify/anchor needs no more than the app's role.
  const owner = command === 'migrate' || command === 'seed' || command === 'create-operator';
  const db = await openDataSource(owner ? ownerConfig(config) : config, { migrate: owner });
  if (owner && config.migrationDatabaseUrl) await grantAppRole(db, roleOf(config.databaseUrl)!);
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
        return await auditVerify(db, (line) => process.stdout.write(line + '\n'), anchorOptions(config.dataDir));
      case 'audit-anchor': {
        const { dir, key } = anchorOptions(config.dataDir);
        if (!key) {
          process.stderr.write('audit:anchor needs AUDIT_ANCHOR_KEY or AUDIT_ANCHOR_KEY_FILE (a secret the database never holds)\n');
          return 64;
        }
        const anchor = await createAnchor(db, key);
        const path = writeAnchor(dir, anchor);
        process.stdout.write(`Anchored ${Object.keys(anchor.chains).length} chain heads in ${path}\n`);
        return 0;
      }
      case 'create-operator': {
        const created = await createOperator(db, operator!);
        process.stdout.write(`Operator ${created.email} created (id ${created.id}); sign in at /login\n`);
        return 0;
      }
      default:
        process.stderr.write('usage: cli.js migrate | seed | audit-verify | audit-anchor | create-operator --email <e-mail> --name <name>\n');
        return 64;
    }
  } finally {
    await db.destroy();
  }
}

/** Where anchors live (`AUDIT_ANCHOR_DIR`, default DATA_DIR/audit-anchors) and the key that signs them. */
function anchorOptions(dataDir: string): { dir: string; key: string | null } {
  return { dir: process.env.AUDIT_ANCHOR_DIR?.trim() || join(dataDir, 'audit-anchors'), key: anchorKeyFromEnv() };
}

/**
 * `npm run audit:verify`: prints every chain's head and each break (chain, sequence, row id, what is
 * wrong), then checks the signed anchors (`audit:anchor`) in `anchors.dir`: a chain rewritten after
 * an anchor (even re-chained so it verifies on its own) is reported. Anchors present without the
 * key to check them are a failure, not a pass. Exit 0 when intact, 2 when anything is wrong.
 */
export async function auditVerify(db: SqlRunner, print: (line: string) => void, anchors?: { dir: string; key: string | null }): Promise<number> {
  const report = await verifyAuditChains(db);
  print(`Checked ${report.rows} audit rows in ${report.chains} chains`);
  for (const [key, hash] of Object.entries(report.heads)) print(`  head ${key}: ${hash}`);
  let broken = report.breaks.length > 0;
  for (const b of report.breaks) print(`BROKEN chain ${b.chainKey} at seq ${b.chainSeq} (row id ${b.id}): ${b.problem}`);
  const files = anchors ? listAnchors(anchors.dir) : [];
  if (files.length && !anchors?.key) {
    print(`${files.length} anchors in ${anchors!.dir} but no AUDIT_ANCHOR_KEY to check them`);
    broken = true;
  } else if (files.length) {
    const problems = await checkAnchors(db, files, anchors!.key!);
    for (const p of problems) {
      print(
        p.chainKey
          ? `REWRITTEN chain ${p.chainKey} at seq ${p.seq} since anchor ${basename(p.anchor)}: ${p.problem}`
          : `ANCHOR ${basename(p.anchor)}: ${p.problem}`,
      );
    }
    if (problems.length) broken = true;
    else print(`Matches ${files.length} anchor${files.length === 1 ? '' : 's'}`);
  }
  if (!broken) {
    print('Audit chain intact');
    return 0;
  }
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
