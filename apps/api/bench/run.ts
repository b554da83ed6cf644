import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { seedDemoIfEmpty } from '../src/database/seed/demo-seed.js';

/**
 * `npm run bench`: speed goals live here, not in timed tests. Boots the real app (embedded PGlite in
 * memory, or DATABASE_URL), bulk-loads BENCH_ROWS bookings, then measures through Fastify's inject
 * (no network): the operator's All bookings first page and deep keyset pages, a business's bookings
 * list, and audited writes. Prints p50/p95 per scenario and the process's peak RSS.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'error', ADMIN_DIR: '/nonexistent' });
  const app = await createApp(config, { memory: !config.databaseUrl });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const db = app.get(DataSource);
  await seedDemoIfEmpty(db);
  const [biz] = await db.query(`SELECT id FROM businesses WHERE slug = 'acme-hair'`);
  const [cust] = await db.query(`SELECT id FROM customers WHERE business_id = $1 LIMIT 1`, [biz.id]);
  const [svc] = await db.query(`SELECT id FROM services WHERE business_id = $1 LIMIT 1`, [biz.id]);
  const [res] = await db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'Bench chair') RETURNING id`, [biz.id]);

  let t0 = performance.now();
  // Non-overlapping 30-minute bookings, one every 31 minutes on the bench resource, ending ~3 years ago.
  await db.query(
    `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
     SELECT $1, $2, $3, $4, ts, ts + interval '30 minutes', 'completed', now(), now()
       FROM (SELECT now() - interval '3 years' - (g * interval '31 minutes') AS ts FROM generate_series(1, $5::int) g) s`,
    [biz.id, cust.id, svc.id, res.id, ROWS],
  );
  const loadMs = performance.now() - t0;

  const login = await fastify.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'operator@demo.test', password: 'demo-operator' } });
  const opToken = login.json().accessToken as string;
  const ownerLogin = await fastify.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'owner@acme-hair.demo.test', password: 'demo-owner' } });
  const ownerToken = ownerLogin.json().accessToken as string;

  async function measure(name: string, run: (i: number) => Promise<{ statusCode: number }>): Promise<void> {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const s = performance.now();
      const r = await run(i);
      times.push(performance.now() - s);
      if (r.statusCode >= 400) throw new Error(`${name}: HTTP ${r.statusCode}`);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms\n`);
  }

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  // A cursor deep into the table (keyset: as cheap as the first page).
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const r: { json(): { nextCursor: string | null } } = await fastify.inject({ method: 'GET', url: `/api/bookings?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: auth(opToken) });
    cursor = r.json().nextCursor;
  }
  process.stdout.write(`bookings in table: ${ROWS} bench + demo (bulk load ${loadMs.toFixed(0)} ms); ${ITERATIONS} iterations each\n`);
  await measure('GET /api/bookings (first page, 50)', () => fastify.inject({ method: 'GET', url: '/api/bookings', headers: auth(opToken) }));
  await measure('GET /api/bookings (page ~4000 rows deep)', () => fastify.inject({ method: 'GET', url: `/api/bookings?cursor=${cursor}`, headers: auth(opToken) }));
  await measure(`GET /api/businesses/:id/bookings (owner)`, () => fastify.inject({ method: 'GET', url: `/api/businesses/${biz.id}/bookings`, headers: auth(ownerToken) }));
  await measure('GET /api/auth/me (session + guards only)', () => fastify.inject({ method: 'GET', url: '/api/auth/me', headers: auth(ownerToken) }));
  t0 = performance.now();
  await measure('POST customers (write + audit row, one tx)', (i) =>
    fastify.inject({ method: 'POST', url: `/api/businesses/${biz.id}/customers`, headers: auth(ownerToken), payload: { name: `Bench ${i}`, email: `bench-${Date.now()}-${i}@example.test` } }),
  );
  process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
  await app.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
