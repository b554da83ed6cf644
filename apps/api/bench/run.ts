import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config/app-config.js';
import { openDataSource } from '../src/database/data-source.js';
import { seedDemoIfEmpty } from '../src/cli/seed/demo-seed.js';
import { BENCH_OWNER_PASSWORD, describeBenchData, loadBenchData } from './load.js';
import { describeSlotsBench, loadSlotsBench, SLOTS_BENCH_RESOURCES, SLOTS_BENCH_SLUG } from './slots.js';
import { measureThroughput, startBareServer, type Load } from './ceiling.js';
import { encodeCursor } from '../src/common/pagination.js';

/**
 * `npm run bench`: speed goals live here, as ratios measured side by side in one run, never as
 * timed tests. Boots the real app (embedded PGlite in memory, or DATABASE_URL), loads a platform of
 * BENCH_ROWS bookings shaped like a few years of use (bench/load.ts), then measures every read
 * through Fastify's inject (no network), round-robin so that every scenario sees the same machine.
 *
 * Goal: every read's p50 within 2× the business bookings list's first page, and no answer over
 * 1 MB. The process exits 3 when a goal is missed. The database must be empty (a fresh one) or
 * hold only the demo data: the load adds `bench-*` businesses. BENCH_REUSE=1 measures a database
 * loaded by an earlier run again (a million bookings take a while to load on a small machine).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 200);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const RATIO_GOAL = 2;
/** The ceiling comparison (bench/ceiling.ts): rounds, requests per load per round, requests in flight. */
const CEILING_ROUNDS = Number(process.env.BENCH_CEILING_ROUNDS ?? 20);
const CEILING_SLICE = Number(process.env.BENCH_CEILING_SLICE ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** BENCH_CEILING_ONLY=1: only the ceiling comparison (for profiling the request pipeline; needs DATABASE_URL). */
const CEILING_ONLY = process.env.BENCH_CEILING_ONLY === '1';
const CEILING_GOALS = { listVsBare: 0.5, impersonatedVsOwner: 0.9, writeVsBare: 0.6, deepVsFirst: 1.5 };
const MAX_BYTES = 1024 * 1024;

interface Scenario {
  name: string;
  url: string;
  token: 'operator' | 'bigOwner' | 'smallOwner' | 'public';
  /** The status it must answer (a refusal is a bounded answer too). */
  status?: number;
  /** Not held to the 2× goal (shown for context: writes, the guard pipeline alone). */
  context?: boolean;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'error',
    ADMIN_DIR: '/nonexistent',
    // The bench speaks from one address: lift the public booking routes' per-address limits and the global per-client ceiling.
    PUBLIC_RATE_LIMIT_PER_IP: '10000000',
    PUBLIC_RATE_LIMIT_PER_BUSINESS: '10000000',
    RATE_LIMIT_MAX: '100000000',
  });
  const app = await createApp(config, { memory: !config.databaseUrl });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const db = app.get(DataSource);
  await seedDemoIfEmpty(db);
  const [existing] = await db.query(`SELECT count(*)::int AS n FROM businesses WHERE slug LIKE 'bench-%'`);
  const reuse = process.env.BENCH_REUSE === '1';
  if (existing.n > 0 && !reuse)
    throw new Error('This database already holds bench data: point DATABASE_URL at a fresh database, or set BENCH_REUSE=1 to measure it again');
  const [operator] = await db.query(`SELECT id FROM users WHERE email = 'operator@demo.test'`);

  const t0 = performance.now();
  let data: Awaited<ReturnType<typeof describeBenchData>> & { timings: { step: string; ms: number }[] };
  // The server load runs on a maintenance connection (no statement timeout: its inserts take minutes);
  // embedded PGlite has none, and a second in-memory instance would be another database.
  // It runs as the owner role when there is one (MIGRATION_DATABASE_URL): the app's restricted role
  // may not VACUUM or ANALYZE tables it does not own, and PostgreSQL skips them with a warning,
  // leaving the planner without statistics for the whole measurement.
  const loader = config.databaseUrl
    ? await openDataSource({ ...config, databaseUrl: config.migrationDatabaseUrl ?? config.databaseUrl }, { migrate: false })
    : db;
  if (existing.n > 0) {
    data = { ...(await describeBenchData(db)), timings: [] };
  } else {
    const anchor = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    data = {
      ...(await loadBenchData(loader, {
        rows: ROWS,
        businesses: BUSINESSES,
        anchor,
        ownerPasswordHash: await hashPassword(BENCH_OWNER_PASSWORD),
        operatorId: operator.id,
      })),
      anchor,
    };
  }
  // Free times: a business of its own with 10 resources and ROWS bookings (bench/slots.ts), owned by the big business's owner.
  const [bigOwner] = await loader.query(`SELECT id FROM users WHERE email = $1`, [data.big.ownerEmail]);
  const slots = (await describeSlotsBench(loader)) ?? (await loadSlotsBench(loader, ROWS, bigOwner.id));
  if (loader !== db) await loader.destroy();
  const anchor = data.anchor;
  const loadMs = performance.now() - t0;
  const out = (line: string) => process.stdout.write(line + '\n');
  out(
    `${config.databaseUrl ? 'PostgreSQL server' : 'embedded PGlite (memory)'}: ${data.counts.bookings} bookings, ${data.counts.customers} customers, ` +
      `${data.counts.audit} audit rows, ${data.counts.businesses} businesses; ${data.timings.length ? `loaded in ${(loadMs / 1000).toFixed(1)} s` : 'loaded before (BENCH_REUSE)'}`,
  );
  for (const t of data.timings) out(`  ${t.step.padEnd(42)} ${(t.ms / 1000).toFixed(1).padStart(7)} s`);
  out(`${SLOTS_BENCH_SLUG}: ${slots.bookings} bookings on ${SLOTS_BENCH_RESOURCES} resources`);

  const token = async (email: string, password: string) => {
    const r = await fastify.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password } });
    if (r.statusCode !== 200) throw new Error(`token for ${email}: HTTP ${r.statusCode}`);
    return r.json().accessToken as string;
  };
  const tokens = {
    operator: await token('operator@demo.test', 'demo-operator'),
    bigOwner: await token(data.big.ownerEmail, BENCH_OWNER_PASSWORD),
    smallOwner: await token(data.small.ownerEmail, BENCH_OWNER_PASSWORD),
  };
  const auth = (who: keyof typeof tokens | 'public'): Record<string, string> => (who === 'public' ? {} : { authorization: `Bearer ${tokens[who]}` });

  // One impersonation with a few audited reads, for the impersonationId filter.
  const started = await fastify.inject({
    method: 'POST',
    url: '/api/impersonation',
    headers: auth('operator'),
    payload: { businessId: data.big.id, reason: 'bench' },
  });
  if (started.statusCode !== 201) throw new Error(`impersonation: HTTP ${started.statusCode}`);
  const impersonationId = started.json().impersonation.id as string;
  for (let i = 0; i < 5; i++) await fastify.inject({ method: 'GET', url: `/api/businesses/${data.big.id}/bookings`, headers: auth('operator') });
  await fastify.inject({ method: 'DELETE', url: '/api/impersonation', headers: auth('operator') });

  // A cursor deep into All bookings (keyset: as cheap as the first page).
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const r: { json(): { nextCursor: string | null } } = await fastify.inject({
      method: 'GET',
      url: `/api/bookings?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      headers: auth('operator'),
    });
    cursor = r.json().nextCursor;
  }

  const big = `/api/businesses/${data.big.id}`;
  const small = `/api/businesses/${data.small.id}`;
  const enc = encodeURIComponent;
  const weekFrom = new Date(anchor.getTime() - 3 * 86_400_000).toISOString();
  const weekTo = new Date(anchor.getTime() + 4 * 86_400_000).toISOString();
  const longFrom = new Date(anchor.getTime() - 31 * 86_400_000).toISOString();
  const longTo = new Date(anchor.getTime() + 31 * 86_400_000).toISOString();
  const dayFrom = new Date(anchor.getTime() - 200 * 86_400_000).toISOString();
  const dayTo = new Date(anchor.getTime() - 199 * 86_400_000).toISOString();
  const baseline: Scenario = { name: 'business bookings list, first page (baseline)', url: `${big}/bookings`, token: 'bigOwner' };
  const slotsList: Scenario = {
    name: `bookings list, first page (${SLOTS_BENCH_SLUG})`,
    url: `/api/businesses/${slots.businessId}/bookings`,
    token: 'bigOwner',
  };
  const slotsWeek: Scenario = {
    name: `public free times, 7 days × ${SLOTS_BENCH_RESOURCES} resources`,
    url: `/api/public/businesses/${SLOTS_BENCH_SLUG}/slots?serviceId=${slots.serviceId}&from=${slots.from}&to=${slots.to}`,
    token: 'public',
  };
  const scenarios: Scenario[] = [
    slotsList,
    slotsWeek,
    baseline,
    { name: 'calendar, this week (small business)', url: `${small}/calendar`, token: 'smallOwner' },
    {
      name: 'calendar, a week, one resource (big)',
      url: `${big}/calendar?from=${enc(weekFrom)}&to=${enc(weekTo)}&resourceId=${data.big.resourceId}`,
      token: 'bigOwner',
    },
    { name: 'calendar, this week, all resources (big) → 400', url: `${big}/calendar`, token: 'bigOwner', status: 400 },
    { name: 'calendar, 62 days (big) → 400', url: `${big}/calendar?from=${enc(longFrom)}&to=${enc(longTo)}`, token: 'bigOwner', status: 400 },
    { name: 'business dashboard (big)', url: `${big}/dashboard`, token: 'bigOwner' },
    { name: 'business dashboard (small)', url: `${small}/dashboard`, token: 'smallOwner' },
    { name: 'operator dashboard', url: '/api/operator/dashboard', token: 'operator' },
    { name: 'customers q=surname (big)', url: `${big}/customers?q=${enc(data.surname)}`, token: 'bigOwner' },
    { name: 'customers q=e-mail fragment (big)', url: `${big}/customers?q=${enc('amelia.walsh.0.4')}`, token: 'bigOwner' },
    { name: 'customers, first page (big)', url: `${big}/customers`, token: 'bigOwner' },
    { name: 'business bookings q=surname (big)', url: `${big}/bookings?q=${enc(data.surname)}`, token: 'bigOwner' },
    { name: 'All bookings, first page', url: '/api/bookings', token: 'operator' },
    { name: 'All bookings, 4,000 rows deep', url: `/api/bookings?cursor=${cursor}`, token: 'operator' },
    { name: 'All bookings q=surname', url: `/api/bookings?q=${enc(data.surname)}`, token: 'operator' },
    { name: 'All bookings q=rare e-mail', url: `/api/bookings?q=${enc('wren.zhou.17.')}`, token: 'operator' },
    { name: 'All bookings businessId=small', url: `/api/bookings?businessId=${data.small.id}`, token: 'operator' },
    { name: 'audit, first page', url: '/api/audit', token: 'operator' },
    { name: 'audit q=actor name', url: `/api/audit?q=${enc('Owner 17')}`, token: 'operator' },
    { name: 'audit q=path fragment', url: `/api/audit?q=${enc(data.pathFragment)}`, token: 'operator' },
    { name: 'audit action=booking. (common prefix)', url: `/api/audit?action=${enc('booking.')}`, token: 'operator' },
    { name: 'audit action=impersonation. (rare prefix)', url: `/api/audit?action=${enc('impersonation.')}`, token: 'operator' },
    { name: 'audit outcome=error', url: '/api/audit?outcome=error', token: 'operator' },
    { name: 'audit businessId=small', url: `/api/audit?businessId=${data.small.id}`, token: 'operator' },
    { name: 'audit actorId=operator', url: `/api/audit?actorId=${operator.id}`, token: 'operator' },
    { name: 'audit impersonationId', url: `/api/audit?impersonationId=${impersonationId}&order=asc`, token: 'operator' },
    { name: 'audit from/to, one day 200 days ago', url: `/api/audit?from=${enc(dayFrom)}&to=${enc(dayTo)}`, token: 'operator' },
    { name: 'GET /api/auth/me (guards only)', url: '/api/auth/me', token: 'bigOwner', context: true },
  ];

  let missed = 0;
  if (!CEILING_ONLY) {
    const times = new Map<Scenario, number[]>(scenarios.map((s) => [s, []]));
    const bytes = new Map<Scenario, number>(scenarios.map((s) => [s, 0]));
    for (let i = 0; i < 3; i++) for (const s of scenarios) await fastify.inject({ method: 'GET', url: s.url, headers: auth(s.token) }); // warm-up
    for (let i = 0; i < ITERATIONS; i++) {
      // Rotate the order each round so no scenario always runs right after another.
      for (let j = 0; j < scenarios.length; j++) {
        const s = scenarios[(i + j) % scenarios.length]!;
        const start = performance.now();
        const r = await fastify.inject({ method: 'GET', url: s.url, headers: auth(s.token) });
        times.get(s)!.push(performance.now() - start);
        if (r.statusCode !== (s.status ?? 200)) throw new Error(`${s.name}: HTTP ${r.statusCode} ${r.body.slice(0, 300)}`);
        bytes.set(s, Math.max(bytes.get(s)!, r.rawPayload.length));
      }
    }

    const p50 = (s: Scenario) =>
      percentile(
        [...times.get(s)!].sort((a, b) => a - b),
        50,
      );
    const p95 = (s: Scenario) =>
      percentile(
        [...times.get(s)!].sort((a, b) => a - b),
        95,
      );
    const base = p50(baseline);
    out(`\n${ITERATIONS} rounds, every scenario once per round; ratio = p50 / p50 of the baseline (goal ≤ ${RATIO_GOAL}×, answers ≤ 1 MB)`);
    out(`${'scenario'.padEnd(50)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'ratio'.padStart(7)} ${'largest'.padStart(10)}`);
    for (const s of scenarios) {
      const ratio = p50(s) / base;
      const over = !s.context && (ratio > RATIO_GOAL || bytes.get(s)! > MAX_BYTES);
      if (over) missed++;
      out(
        `${s.name.padEnd(50)} ${p50(s).toFixed(2).padStart(8)} ${p95(s).toFixed(2).padStart(8)} ${(ratio.toFixed(2) + '×').padStart(7)} ${(bytes.get(s)! / 1024).toFixed(1).padStart(7)} KB${over ? '  ← over goal' : ''}${s.context ? '  (context)' : ''}`,
      );
    }
    out(`free times / ${SLOTS_BENCH_SLUG} bookings list: ${(p50(slotsWeek) / p50(slotsList)).toFixed(2)}× (goal ≤ ${RATIO_GOAL}×)`);
    const largest = scenarios.reduce((a, b) => (bytes.get(b)! > bytes.get(a)! ? b : a));
    out(`largest answer: ${(bytes.get(largest)! / 1024).toFixed(1)} KB (${largest.name})`);

    const writes: number[] = [];
    for (let i = 0; i < Math.min(ITERATIONS, 50); i++) {
      const s = performance.now();
      const r = await fastify.inject({
        method: 'POST',
        url: `${big}/customers`,
        headers: auth('bigOwner'),
        payload: { name: `Bench ${i}`, email: `bench-write-${Date.now()}-${i}@example.test` },
      });
      writes.push(performance.now() - s);
      if (r.statusCode !== 201) throw new Error(`POST customers: HTTP ${r.statusCode}`);
    }
    writes.sort((a, b) => a - b);
    out(`POST customers (write + audit row, one tx): p50 ${percentile(writes, 50).toFixed(2)} ms, p95 ${percentile(writes, 95).toFixed(2)} ms`);
  }

  // The physical ceiling (bench/ceiling.ts): the same SQL on a bare Fastify + pg route, side by side.
  if (!config.databaseUrl) {
    out('\nceiling comparison: needs DATABASE_URL (a bare pg route has nothing to talk to in embedded mode)');
  } else {
    const bare = await startBareServer(config.databaseUrl);
    // An operator of its own session, impersonating the big business as its owner (not read-only).
    tokens.operator = await token('operator@demo.test', 'demo-operator');
    const imp = await fastify.inject({
      method: 'POST',
      url: '/api/impersonation',
      headers: auth('operator'),
      payload: { businessId: data.big.id, reason: 'bench: ceiling' },
    });
    if (imp.statusCode !== 201) throw new Error(`impersonation: HTTP ${imp.statusCode}`);
    // A cursor as deep as the bench-slots list goes (its last page), built from the row it would follow.
    const [{ n: slotsRows }] = await db.query(`SELECT count(*)::int AS n FROM bookings WHERE business_id = $1`, [slots.businessId]);
    const [deepRow] = await db.query(`SELECT starts_at, id FROM bookings WHERE business_id = $1 ORDER BY starts_at DESC, id DESC OFFSET $2 LIMIT 1`, [
      slots.businessId,
      60,
    ]);
    const deepCursor = encodeCursor([new Date(deepRow.starts_at).toISOString(), deepRow.id]);
    const run = `${Date.now()}`;
    const get =
      (url: string, who: 'bigOwner' | 'operator'): Load['send'] =>
      async () =>
        (await fastify.inject({ method: 'GET', url, headers: auth(who) })).statusCode;
    const postCustomer =
      (who: 'bigOwner' | 'operator', tag: string): Load['send'] =>
      async (i) =>
        (
          await fastify.inject({
            method: 'POST',
            url: `${big}/customers`,
            headers: auth(who),
            payload: { name: `Ceiling ${tag} ${i}`, email: `ceiling-${tag}-${run}-${i}@example.test` },
          })
        ).statusCode;
    const loads = {
      bareList: {
        name: 'bare Fastify + pg: bookings list (same 2 statements)',
        status: 200,
        send: async () => (await bare.server.inject({ method: 'GET', url: `/bare/businesses/${data.big.id}/bookings` })).statusCode,
      },
      ownerList: { name: 'app: bookings list as the owner', status: 200, send: get(`${big}/bookings`, 'bigOwner') },
      impList: { name: 'app: bookings list, operator impersonating', status: 200, send: get(`${big}/bookings`, 'operator') },
      bareWrite: {
        name: 'bare Fastify + pg: customer + audit row (one tx)',
        status: 201,
        send: async (i: number) =>
          (
            await bare.server.inject({
              method: 'POST',
              url: `/bare/businesses/${data.big.id}/customers`,
              payload: { name: `Ceiling bare ${i}`, email: `ceiling-bare-${run}-${i}@example.test`, actorId: bigOwner.id },
            })
          ).statusCode,
      },
      ownerWrite: { name: 'app: POST customers as the owner', status: 201, send: postCustomer('bigOwner', 'owner') },
      impWrite: { name: 'app: POST customers, operator impersonating', status: 201, send: postCustomer('operator', 'imp') },
      firstPage: { name: `app: ${SLOTS_BENCH_SLUG} bookings, first page`, status: 200, send: get(`/api/businesses/${slots.businessId}/bookings`, 'bigOwner') },
      deepPage: {
        name: `app: ${SLOTS_BENCH_SLUG} bookings, ${slotsRows.toLocaleString('en')} rows deep`,
        status: 200,
        send: get(`/api/businesses/${slots.businessId}/bookings?cursor=${deepCursor}`, 'bigOwner'),
      },
    } satisfies Record<string, Load>;
    const rps = await measureThroughput(Object.values(loads), { rounds: CEILING_ROUNDS, slice: CEILING_SLICE, concurrency: CONCURRENCY });
    await fastify.inject({ method: 'DELETE', url: '/api/impersonation', headers: auth('operator') });
    await bare.close();
    const r = (l: Load) => rps.get(l)!;
    out(`\nceiling: requests per second, ${CONCURRENCY} in flight, ${CEILING_ROUNDS} rounds × ${CEILING_SLICE} requests per load, side by side`);
    for (const l of Object.values(loads)) out(`  ${l.name.padEnd(58)} ${r(l).toFixed(0).padStart(7)} req/s`);
    const ratios = [
      ['authenticated list / bare list', r(loads.ownerList) / r(loads.bareList), '≥', CEILING_GOALS.listVsBare],
      ['impersonated list / owner list', r(loads.impList) / r(loads.ownerList), '≥', CEILING_GOALS.impersonatedVsOwner],
      ['impersonated write / owner write', r(loads.impWrite) / r(loads.ownerWrite), '≥', CEILING_GOALS.impersonatedVsOwner],
      ['audited write / bare write with its audit row', r(loads.ownerWrite) / r(loads.bareWrite), '≥', CEILING_GOALS.writeVsBare],
      ['deep page / first page (time per request)', r(loads.firstPage) / r(loads.deepPage), '≤', CEILING_GOALS.deepVsFirst],
    ] as const;
    for (const [name, value, sense, goal] of ratios) {
      const met = sense === '≥' ? value >= goal : value <= goal;
      if (!met) missed++;
      const shown = sense === '≥' ? `${(value * 100).toFixed(0)} %` : `${value.toFixed(2)}×`;
      const target = sense === '≥' ? `${(goal * 100).toFixed(0)} %` : `${goal}×`;
      out(`  ${name.padEnd(50)} ${shown.padStart(7)}  (goal ${sense} ${target})${met ? '' : '  ← missed'}`);
    }
  }
  out(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  out(missed === 0 ? 'every goal met' : `${missed} scenario(s) over goal`);
  await app.close();
  if (missed > 0) process.exitCode = 3;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
