import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { createOperator, CreateOperatorError } from '../src/cli/create-operator.js';
import { TEST_JWT_SECRET } from './harness.js';
import { startChild } from './support/child-app.js';

/**
 * The first operator of a real deployment comes from the command line: `create-operator` on an
 * empty (non-demo) database, password on stdin, then that operator signs in over HTTP.
 */
describe('create-operator', () => {
  const root = mkdtempSync(join(tmpdir(), 'faults-cli-'));
  const dataDir = join(root, 'data');
  const email = 'first.operator@platform.test';
  const password = 'a long operator passphrase';
  let app: Awaited<ReturnType<typeof createApp>> | undefined;

  beforeAll(async () => {
    const child = startChild(
      'apps/api/src/cli/cli.ts',
      ['create-operator', '--email', email, '--name', 'First Operator'],
      {
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_DIR: dataDir,
        DEMO_SEED: 'false',
      },
      `${password}\n`,
    );
    const { code } = await child.exited;
    if (code !== 0) throw new Error(`create-operator exited ${code}: ${child.stderr()}`);
    expect(child.stdout()).toContain(`Operator ${email} created`);
    expect(child.stdout() + child.stderr()).not.toContain(password);
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, DEMO_SEED: 'false', ADMIN_DIR: '/nonexistent-admin' });
    app = await createApp(config);
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates an operator on an empty database who can then sign in and act as one', async () => {
    const fastify = app!.getHttpAdapter().getInstance();
    const db = app!.get(DataSource);
    expect((await db.query(`SELECT count(*)::int AS n FROM users`))[0].n).toBe(1);
    const token = await fastify.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password } });
    expect(token.statusCode).toBe(200);
    const me = await fastify.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token.json().accessToken}` } });
    expect(me.json().user).toMatchObject({ email, kind: 'operator' });
    const businesses = await fastify.inject({ method: 'GET', url: '/api/businesses', headers: { authorization: `Bearer ${token.json().accessToken}` } });
    expect(businesses.statusCode).toBe(200);
    const [audit] = await db.query(`SELECT actor_kind, outcome, details FROM audit_events WHERE action = 'operator.create'`);
    expect(audit).toMatchObject({ actor_kind: 'system', outcome: 'success', details: { email, via: 'cli' } });
  });

  it('refuses a taken e-mail, a short password and a malformed e-mail, and changes nothing', async () => {
    const db = app!.get(DataSource);
    const before = (await db.query(`SELECT count(*)::int AS n FROM users`))[0].n;
    await expect(createOperator(db, { email: email.toUpperCase(), name: 'Again', password })).rejects.toThrow(CreateOperatorError);
    await expect(createOperator(db, { email: 'second@platform.test', name: 'Second', password: 'short' })).rejects.toThrow(/at least 12/);
    await expect(createOperator(db, { email: 'not-an-email', name: 'Third', password })).rejects.toThrow(/--email/);
    expect((await db.query(`SELECT count(*)::int AS n FROM users`))[0].n).toBe(before);
  });
});
