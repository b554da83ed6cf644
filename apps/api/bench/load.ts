import type { DataSource } from 'typeorm';

/**
 * The shape of a platform after a few years, scaled by `rows` (bookings): half of them in one big
 * business (50 resources), the other half spread over `businesses` small ones (5 resources each);
 * 11 % as many customers (60 % of them the big business's), and half as many audit rows (the big
 * business's chain, the small ones' chains and the platform chain). Set-based SQL only, and
 * deterministic: ids are md5 of a row's coordinates (shaped as version-4 UUIDs), times are offsets from `anchor`, so two loads
 * of one size are the same data (up to the anchor). Every row goes through the real constraints
 * and triggers (overlap, composite keys, the audit hash chain).
 */
export interface BenchShape {
  rows: number;
  businesses: number;
  anchor: Date;
  /** argon2 hash shared by every bench owner (their password is BENCH_OWNER_PASSWORD). */
  ownerPasswordHash: string;
  operatorId: string;
}

export interface BenchData {
  big: { id: string; ownerEmail: string; resourceId: string };
  small: { id: string; ownerEmail: string };
  counts: { businesses: number; bookings: number; customers: number; audit: number };
  /** A customer surname and an audit path fragment that occur in the data, for the searches. */
  surname: string;
  pathFragment: string;
  timings: { step: string; ms: number }[];
}

export const BENCH_OWNER_PASSWORD = 'bench-owner';

const FIRST = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Mia',
  'Lucas',
  'Amelia',
  'Mateo',
  'Harper',
  'Yuki',
  'Aarav',
  'Zara',
  'Omar',
  'Ingrid',
  'Chloe',
  'Diego',
  'Hana',
  'Ravi',
  'Lena',
  'Tomás',
  'Freya',
  'Kofi',
  'Anya',
  'Mei',
  'Jonas',
  'Leila',
  'Ivan',
  'Nia',
  'Pablo',
  'Saoirse',
  'Arjun',
  'Elif',
  'Kai',
  'Maja',
  'Tariq',
  'Wren',
];
const LAST = [
  'Smith',
  'Garcia',
  'Tanaka',
  'Brown',
  'Müller',
  'Okafor',
  'Rossi',
  'Kowalski',
  'Nguyen',
  'Silva',
  'Johansson',
  'Patel',
  'Dubois',
  'Kim',
  'Novak',
  'Haddad',
  'Moreau',
  'Schmidt',
  'Ivanova',
  'Mensah',
  'Lindqvist',
  'Costa',
  'Yamamoto',
  'Fischer',
  'Papadopoulos',
  'Horvat',
  'Ortiz',
  'Walsh',
  'Bianchi',
  'Sato',
  'Nakamura',
  'Kaur',
  'Jensen',
  'Murphy',
  'Dimitrov',
  'Alvarez',
  'Chen',
  'Popescu',
  'Eriksen',
  'Lopez',
  'Kovacs',
  'Obi',
  'Hansen',
  'Martin',
  'Ahmed',
  'Virtanen',
  'Rahman',
  'Castillo',
  'Berg',
  'Quinn',
  'Duarte',
  'Szabo',
  'Park',
  'Abara',
  'Lund',
  'Ferreira',
  'Mazur',
  'Sokolov',
  'Byrne',
  'Zhou',
];
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Pacific/Auckland',
];
const ACTIONS = [
  'booking.create',
  'booking.update',
  'booking.cancel',
  'booking.list',
  'calendar.view',
  'customer.create',
  'customer.update',
  'customer.list',
  'dashboard.view',
  'settings.general.update',
  'service.update',
  'team.invite',
];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

export async function loadBenchData(db: DataSource, shape: BenchShape): Promise<BenchData> {
  const timings: { step: string; ms: number }[] = [];
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await db.query(sql, params);
    timings.push({ step: name, ms: performance.now() - t0 });
  };
  const B = shape.businesses;
  const bigRes = 50;
  const smallRes = 5;
  const bigPerRes = Math.max(1, Math.round(shape.rows / 2 / bigRes));
  const smallPerRes = Math.max(1, Math.round((shape.rows - bigPerRes * bigRes) / B / smallRes));
  const bigCustomers = Math.max(10, Math.round(shape.rows * 0.06));
  const smallCustomers = Math.max(5, Math.round((shape.rows * 0.05) / B));
  const auditRows = Math.round(shape.rows / 2);
  const biz = (b: string) => `(overlay(overlay(md5('bench-biz-' || ${b}) placing '4' from 13) placing '8' from 17))::uuid`;

  await step(
    'businesses, owners, resources, services',
    `INSERT INTO businesses (id, slug, name, time_zone, created_at)
       SELECT ${biz('b')}, CASE WHEN b = 0 THEN 'bench-big' ELSE 'bench-' || lpad(b::text, 3, '0') END,
              CASE WHEN b = 0 THEN 'Bench Big Chain' ELSE 'Bench Studio ' || b END, (${sqlArray(ZONES)})[1 + b % ${ZONES.length}],
              '${shape.anchor.toISOString()}'::timestamptz
         FROM generate_series(0, $1::int) b;
     INSERT INTO users (id, email, name, kind, password_hash)
       SELECT (overlay(overlay(md5('bench-owner-' || b) placing '4' from 13) placing '8' from 17))::uuid, 'owner@' || CASE WHEN b = 0 THEN 'bench-big' ELSE 'bench-' || lpad(b::text, 3, '0') END || '.bench.example',
              'Owner ' || b, 'business', $2
         FROM generate_series(0, $1::int) b;
     INSERT INTO memberships (business_id, user_id, role) SELECT ${biz('b')}, (overlay(overlay(md5('bench-owner-' || b) placing '4' from 13) placing '8' from 17))::uuid, 'owner' FROM generate_series(0, $1::int) b;
     INSERT INTO resources (id, business_id, name)
       SELECT (overlay(overlay(md5('bench-res-' || b || '-' || r) placing '4' from 13) placing '8' from 17))::uuid, ${biz('b')}, 'Resource ' || (r + 1)
         FROM generate_series(0, $1::int) b, LATERAL generate_series(0, CASE WHEN b = 0 THEN ${bigRes} ELSE ${smallRes} END - 1) r;
     INSERT INTO services (id, business_id, name, duration_minutes, price_cents)
       SELECT (overlay(overlay(md5('bench-svc-' || b || '-' || s) placing '4' from 13) placing '8' from 17))::uuid, ${biz('b')}, (ARRAY['Consultation', 'Standard', 'Follow-up'])[s + 1], 30, 2500 + 1000 * s
         FROM generate_series(0, $1::int) b, generate_series(0, 2) s;`
      .replace(/\$1::int/g, String(B))
      .replace('$2', `'${shape.ownerPasswordHash.replace(/'/g, "''")}'`),
  );
  await step(
    'customers',
    `INSERT INTO customers (id, business_id, name, email, phone, created_at, updated_at)
       SELECT (overlay(overlay(md5('bench-cust-' || b || '-' || c) placing '4' from 13) placing '8' from 17))::uuid, ${biz('b')}, n.first || ' ' || n.last,
              lower(n.first || '.' || n.last || '.' || b || '.' || c || '@bench.example'), '+44 20 7' || lpad(c::text, 6, '0'),
              $1::timestamptz - interval '3 years', $1::timestamptz - interval '3 years'
         FROM generate_series(0, ${B}) b,
              LATERAL generate_series(0, CASE WHEN b = 0 THEN ${bigCustomers} ELSE ${smallCustomers} END - 1) c,
              LATERAL (SELECT (${sqlArray(FIRST)})[1 + (c * 7 + b) % ${FIRST.length}] AS first,
                              (${sqlArray(LAST)})[1 + (c * 13 + b * 3) % ${LAST.length}] AS last) n`,
    [shape.anchor],
  );
  // One booking every `spacing` on each resource, the last ones three weeks ahead of the anchor;
  // each resource offset by a few minutes so a calendar is not one stack.
  const bookings = (b: string, resources: number, perRes: number, spacingMinutes: number, customers: number) => `
    INSERT INTO bookings (id, business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
      SELECT (overlay(overlay(md5('bench-bk-' || b || '-' || r || '-' || k) placing '4' from 13) placing '8' from 17))::uuid, ${biz('b')},
             (overlay(overlay(md5('bench-cust-' || b || '-' || ((k * 7 + r * 13) % ${customers})) placing '4' from 13) placing '8' from 17))::uuid,
             (overlay(overlay(md5('bench-svc-' || b || '-' || (k % 3)) placing '4' from 13) placing '8' from 17))::uuid, (overlay(overlay(md5('bench-res-' || b || '-' || r) placing '4' from 13) placing '8' from 17))::uuid,
             t.s, t.s + interval '30 minutes',
             CASE WHEN k % 20 = 0 THEN 'cancelled' WHEN t.s >= $1 THEN 'confirmed' WHEN k % 50 = 1 THEN 'no_show' ELSE 'completed' END,
             t.s - interval '14 days', t.s - interval '14 days'
        FROM ${b} AS b, generate_series(0, ${resources - 1}) r, generate_series(0, ${perRes - 1}) k,
             LATERAL (SELECT $1::timestamptz + interval '21 days' - (${perRes} - k) * interval '${spacingMinutes} minutes' + r * interval '7 minutes' AS s) t`;
  await step('bookings (big business)', bookings('generate_series(0, 0)', bigRes, bigPerRes, 150, bigCustomers), [shape.anchor]);
  await step('bookings (small businesses)', bookings(`generate_series(1, ${B})`, smallRes, smallPerRes, 26 * 60, smallCustomers), [shape.anchor]);

  // Audit rows, oldest first (ids grow with time), spread over three years: 50 % the big business's
  // chain, 40 % the small ones', 10 % the platform chain (sign-ins). Each goes through the chain trigger.
  await step(
    'audit rows (hash-chained by the trigger)',
    `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, request_id, actor_id, actor_kind, business_id, action, target_type, target_id,
                               outcome, method, path, status, ip, user_agent)
       SELECT '', 0, '', $1::timestamptz - interval '21 days' - (${auditRows} - g) * interval '1 second' * ${Math.round((3 * 365 * 86400) / auditRows)},
              'bench-' || g,
              CASE WHEN x.b IS NULL THEN CASE WHEN g % 3 = 0 THEN NULL ELSE $2::uuid END ELSE (overlay(overlay(md5('bench-owner-' || x.b) placing '4' from 13) placing '8' from 17))::uuid END,
              CASE WHEN x.b IS NULL THEN CASE WHEN g % 3 = 0 THEN 'anonymous' ELSE 'operator' END ELSE 'business' END,
              CASE WHEN x.b IS NULL THEN NULL ELSE ${biz('x.b')} END,
              CASE WHEN x.b IS NULL THEN 'auth.login' ELSE (${sqlArray(ACTIONS)})[1 + (g / 7) % ${ACTIONS.length}] END,
              CASE WHEN x.b IS NULL THEN 'user' ELSE 'booking' END,
              (overlay(overlay(md5('bench-audit-target-' || g) placing '4' from 13) placing '8' from 17))::uuid::text,
              CASE WHEN g % 97 = 0 THEN 'denied' WHEN g % 89 = 0 THEN 'error' ELSE 'success' END,
              CASE WHEN x.b IS NULL THEN 'POST' WHEN (g / 7) % 4 = 3 THEN 'GET' ELSE 'POST' END,
              CASE WHEN x.b IS NULL THEN '/api/auth/login' ELSE '/api/businesses/' || ${biz('x.b')} || '/bookings/' || (overlay(overlay(md5('bench-audit-target-' || g) placing '4' from 13) placing '8' from 17))::uuid END,
              CASE WHEN g % 97 = 0 THEN 403 WHEN g % 89 = 0 THEN 500 ELSE 200 END,
              '203.0.113.' || (g % 250), 'bench/1.0'
         FROM generate_series(1, ${auditRows}) g,
              LATERAL (SELECT CASE WHEN g % 20 < 10 THEN 0 WHEN g % 20 < 18 THEN 1 + (g / 20) % ${B} ELSE NULL END AS b) x
        ORDER BY g`,
    [shape.anchor, shape.operatorId],
  );
  await step('VACUUM ANALYZE', `VACUUM ANALYZE`);

  return { ...(await describeBenchData(db)), timings };
}

/** The ids and facts the scenarios need, read back from a loaded bench database (BENCH_REUSE). */
export async function describeBenchData(db: DataSource): Promise<Omit<BenchData, 'timings'> & { anchor: Date }> {
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM businesses) AS businesses, (SELECT count(*)::int FROM bookings) AS bookings,
            (SELECT count(*)::int FROM customers) AS customers, (SELECT count(*)::int FROM audit_events) AS audit`,
  );
  const [big] = await db.query(`SELECT id, created_at FROM businesses WHERE slug = 'bench-big'`);
  const [small] = await db.query(`SELECT id FROM businesses WHERE slug = 'bench-001'`);
  if (!big || !small) throw new Error('No bench data in this database');
  const [resource] = await db.query(`SELECT (overlay(overlay(md5('bench-res-0-0') placing '4' from 13) placing '8' from 17))::uuid AS id`);
  const [target] = await db.query(`SELECT (overlay(overlay(md5('bench-audit-target-1000') placing '4' from 13) placing '8' from 17))::uuid::text AS t`);
  return {
    anchor: new Date(big.created_at),
    big: { id: big.id, ownerEmail: 'owner@bench-big.bench.example', resourceId: resource.id },
    small: { id: small.id, ownerEmail: 'owner@bench-001.bench.example' },
    counts,
    surname: 'Nakamura',
    pathFragment: String(target.t).slice(0, 13),
  };
}
