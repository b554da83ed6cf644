import { Agent, request as httpRequest } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { DurableNodeFS } from '../src/database/embedded-store.js';
import { createApp } from '../src/app.factory.js';
import { DEMO_LOGINS, TEST_JWT_SECRET } from './harness.js';
import { startChild, waitForHealthy } from './support/child-app.js';
import { PrivateCluster, privateClusterUnavailable } from './support/private-cluster.js';

/**
 * Faults that need a real process: a boot against a database that never answers, SIGTERM under
 * keep-alive load, and a second process on a live DATA_DIR. The children run the TypeScript sources
 * through support/run-ts.mjs (no build needed) and are killed if a test fails.
 */
const PORT = 3203;
const SECRET = { JWT_SECRET: TEST_JWT_SECRET };

describe('boot against a database that accepts connections and never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(5446, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('exits non-zero within BOOT_TIMEOUT_MS, naming what it waited for', async () => {
    const child = startChild('apps/api/src/main.ts', [], {
      ...SECRET,
      DATABASE_URL: 'postgres://app:hunter2-secret@127.0.0.1:5446/booking',
      PORT: String(PORT),
      BOOT_TIMEOUT_MS: '4000',
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
    const loaded = await child.loadedAt();
    const { code, at } = await child.exited;
    expect(code).toBe(1);
    expect(at - loaded).toBeLessThan(4000 + 2500);
    expect(sockets.size).toBeGreaterThan(0);
    expect(child.stderr()).toMatch(/Start-up did not finish within BOOT_TIMEOUT_MS=4000/);
    expect(child.stderr()).toMatch(/127\.0\.0\.1:5446/);
    expect(child.stderr() + child.stdout()).not.toContain('hunter2-secret');
  });
});

const noCluster = privateClusterUnavailable();

describe.skipIf(noCluster)(`SIGTERM under keep-alive load${noCluster ? ` (skipped: ${noCluster})` : ''}`, () => {
  let cluster: PrivateCluster;
  beforeAll(async () => {
    cluster = new PrivateCluster(5444);
    await cluster.start();
    await cluster.createDatabase('drain');
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('answers every in-flight request, closes idle keep-alive sockets, and exits 0 well under 10 s', async () => {
    const child = startChild('apps/api/src/main.ts', [], { ...SECRET, DATABASE_URL: cluster.url('drain'), DEMO_SEED: 'true', PORT: String(PORT) });
    try {
      await waitForHealthy(child, `http://127.0.0.1:${PORT}/api/health`);
      const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
      const call = (method: string, path: string, body?: object, token?: string) =>
        new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
          const payload = body ? JSON.stringify(body) : undefined;
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port: PORT,
              method,
              path,
              agent,
              headers: {
                ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              },
            },
            (res) => {
              let text = '';
              res.on('data', (d: Buffer) => (text += d.toString()));
              res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          req.end(payload);
        });
      // Idle keep-alive sockets (Fastify keeps them 72 s): they must not hold the shutdown.
      await Promise.all(Array.from({ length: 8 }, () => call('GET', '/api/health')));
      const token = JSON.parse((await call('POST', '/api/auth/token', DEMO_LOGINS.operator)).body).accessToken as string;
      // Requests that are certainly in flight when the signal arrives, however fast or loaded this
      // machine is: the database is frozen while they arrive, so each waits inside the app.
      cluster.freeze();
      const inFlight = Array.from({ length: 24 }, (_, i) =>
        call('GET', i % 2 ? '/api/bookings?limit=50' : '/api/auth/me', undefined, token).then(
          (r) => r,
          (e: Error) => e,
        ),
      );
      await sleep(1500);
      const signalledAt = Date.now();
      child.process.kill('SIGTERM');
      await sleep(200);
      // Readiness fails first: a new check during the drain is a problem+json 503.
      const health = await call('GET', '/api/health').catch((e: Error) => e);
      cluster.thaw();
      const answers = await Promise.all(inFlight);
      const { code, signal, at } = await child.exited;

      const failures = answers.filter((a): a is Error => a instanceof Error).map((e) => e.message);
      expect(failures).toEqual([]);
      expect((answers as { status: number }[]).map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(health).not.toBeInstanceOf(Error);
      expect((health as { status: number }).status).toBe(503);
      expect(JSON.parse((health as { body: string }).body)).toMatchObject({
        code: 'service_unavailable',
        status: 503,
        detail: 'This instance is shutting down',
      });
      expect((health as { connection?: string }).connection).toBe('close');
      expect(signal).toBeNull();
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(9000);
      agent.destroy();
    } finally {
      cluster.thaw();
      child.kill();
    }
  });

  it('two replicas booting at once on an empty database both come up, and seed the demo once', async () => {
    await cluster.createDatabase('twins');
    const env = { ...SECRET, DATABASE_URL: cluster.url('twins'), DEMO_SEED: 'true', LOG_LEVEL: 'warn' };
    const config = loadConfig({ NODE_ENV: 'test', ADMIN_DIR: '/nonexistent-admin', ...env });
    const [a, b] = await Promise.all([createApp(config), createApp(config)]);
    try {
      await Promise.all([a.init(), b.init()]);
      const db = a.get(DataSource);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
      expect(n).toBe(1);
      const [{ m }] = await db.query(`SELECT count(*)::int AS m FROM schema_migrations`);
      expect(m).toBeGreaterThan(0);
      for (const app of [a, b]) {
        await app.getHttpAdapter().getInstance().ready();
        const res = await app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/api/auth/token', payload: DEMO_LOGINS.operator });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('a first run', () => {
  it('prints the banner with the URL and the demo sign-ins before any log line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'booking-first-run-'));
    const port = PORT + 3;
    // The child's defaults are the real ones: LOG_LEVEL info, no SMTP_URL, the demo seeded into an empty DATA_DIR.
    const child = startChild('apps/api/src/main.ts', [], { ...SECRET, DATA_DIR: dataDir, DEMO_SEED: 'true', PORT: String(port) });
    try {
      await waitForHealthy(child, `http://127.0.0.1:${port}/api/health`);
      const out = child.stdout();
      const at = out.indexOf('Booking platform is running at');
      expect(at).toBeGreaterThan(-1);
      expect(out.slice(0, at).trim()).toBe('');
      expect(out).toContain('operator@demo.test');
      expect(out).toContain('E-mail: no SMTP_URL, so messages stay in the outbox');
    } finally {
      child.kill();
      await child.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('embedded DATA_DIR: one process at a time, private, and synced', () => {
  let dataDir: string;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'faults-dd-')), 'data');
    const previous = process.umask(0o022);
    try {
      const config = loadConfig({ NODE_ENV: 'test', ...SECRET, DATA_DIR: dataDir, ADMIN_DIR: '/nonexistent-admin', DEMO_SEED: 'true', LOG_LEVEL: 'warn' });
      app = await createApp(config);
      await app.getHttpAdapter().getInstance().ready();
    } finally {
      process.umask(previous);
    }
  });
  afterAll(async () => {
    await app?.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('acknowledges a write only after fdatasync reached the disk', async () => {
    const fastify = app!.getHttpAdapter().getInstance();
    const db = app!.get(DataSource);
    expect((await db.query('SHOW fsync'))[0].fsync).toBe('on');
    const token = (await fastify.inject({ method: 'POST', url: '/api/auth/token', payload: DEMO_LOGINS.operator })).json().accessToken;
    const before = DurableNodeFS.syncs;
    const res = await fastify.inject({
      method: 'POST',
      url: '/api/businesses',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Synced Salon', slug: 'synced-salon', timeZone: 'Europe/London', owner: { name: 'Sy Owner', email: 'owner@synced-salon.test' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(DurableNodeFS.syncs).toBeGreaterThan(before);
    // Each autocommit statement is its own commit: each one is flushed.
    const mid = DurableNodeFS.syncs;
    for (let i = 0; i < 5; i++) await db.query(`UPDATE businesses SET name = $1 WHERE slug = 'synced-salon'`, [`Synced Salon ${i}`]);
    expect(DurableNodeFS.syncs - mid).toBeGreaterThanOrEqual(5);
  });

  it('keeps DATA_DIR 0700 and every file in it private, even under a permissive umask', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const leaks: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        if ((statSync(path).mode & 0o077) !== 0) leaks.push(path);
      }
    };
    walk(dataDir);
    expect(leaks.slice(0, 5)).toEqual([]);
  });

  it('refuses a second process (the app, or a CLI command) on the live DATA_DIR with a clear message', async () => {
    const cli = startChild('apps/api/src/cli/cli.ts', ['audit-verify'], { ...SECRET, DATA_DIR: dataDir });
    const second = startChild('apps/api/src/main.ts', [], { ...SECRET, DATA_DIR: dataDir, PORT: String(PORT + 1) });
    const [c, s] = await Promise.all([cli.exited, second.exited]);
    expect(c.code).toBe(1);
    expect(cli.stderr()).toContain(`DATA_DIR=${dataDir} is in use by another process`);
    expect(cli.stdout()).not.toMatch(/intact/);
    expect(s.code).toBe(1);
    expect(second.stderr()).toContain(`DATA_DIR=${dataDir} is in use by another process`);
    // Nothing was written by the refused processes: the app still reads and writes.
    expect((await app!.get(DataSource).query(`SELECT count(*)::int AS n FROM businesses WHERE slug = 'synced-salon'`))[0].n).toBe(1);
  });
});
