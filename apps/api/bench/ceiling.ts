import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { toZonedIso } from '#contracts';
import { AUDIT_INSERT_SQL } from '../src/audit/audit.service.js';
import { diff } from '../src/audit/redact.js';
import { toBookingView } from '../src/bookings/booking-view.js';
import type { BookingRead } from '../src/bookings/bookings.repository.js';
import { instant } from '../src/common/instant.js';
import { DEFAULT_LIMIT, page } from '../src/common/pagination.js';

/**
 * The physical ceiling: a bare Fastify + pg server, in the same process and on the same database,
 * with two routes that run exactly the SQL the app runs for the business bookings list (the
 * business row, then the first page) and for an owner's `POST …/customers` (in one transaction: the
 * business row, the e-mail check, the insert and its audit row through the same INSERT statement as
 * AuditService), and answer the same JSON. No sign-in, no guards, no validation, no Nest: what is
 * left when everything the app adds is taken away. Measured side by side with the app in bench/run.ts.
 */
/** The first page of the bookings list as BookingsRepository.list reads it (the same joins and columns), by hand. */
const FIRST_PAGE = `
  SELECT b.id, b.business_id, b.starts_at, b.ends_at, b.status, b.source, b.notes, b.created_at, b.created_by, b.created_in_impersonation,
         b.customer_id, c.name AS customer_name, b.service_id, s.name AS service_name, s.duration_minutes, s.price_cents,
         b.resource_id, r.name AS resource_name
    FROM bookings b
    JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
    JOIN services s ON s.business_id = b.business_id AND s.id = b.service_id
    JOIN resources r ON r.business_id = b.business_id AND r.id = b.resource_id`;

function toRead(r: Record<string, unknown>): BookingRead {
  return {
    id: String(r.id),
    businessId: String(r.business_id),
    startsAt: instant(r.starts_at as Date),
    endsAt: instant(r.ends_at as Date),
    status: r.status as BookingRead['status'],
    source: r.source as BookingRead['source'],
    notes: (r.notes as string | null) ?? null,
    createdAt: instant(r.created_at as Date),
    createdBy: (r.created_by as string | null) ?? null,
    createdInImpersonation: (r.created_in_impersonation as string | null) ?? null,
    customer: { id: String(r.customer_id), name: String(r.customer_name) },
    service: { id: String(r.service_id), name: String(r.service_name), durationMinutes: Number(r.duration_minutes), priceCents: Number(r.price_cents) },
    resource: { id: String(r.resource_id), name: String(r.resource_name) },
  };
}

export async function startBareServer(databaseUrl: string): Promise<{ server: FastifyInstance; close: () => Promise<void> }> {
  // The same pool size as the app's (database/data-source.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: 'booking-bench-bare' });
  const server = Fastify({ logger: false });

  server.get('/bare/businesses/:businessId/bookings', async (req) => {
    const { businessId } = req.params as { businessId: string };
    const business = (await pool.query(`SELECT id, slug, name, time_zone FROM businesses WHERE id = $1`, [businessId])).rows[0] as { time_zone: string };
    const raw = (await pool.query(`${FIRST_PAGE} WHERE b.business_id = $1 ORDER BY b.starts_at, b.id LIMIT $2`, [businessId, DEFAULT_LIMIT + 1]))
      .rows as Record<string, unknown>[];
    const rows = raw.map(toRead);
    const result = page(rows, DEFAULT_LIMIT, (r) => [r.startsAt.toISOString(), r.id]);
    return { items: result.items.map((r) => toBookingView(r, business.time_zone)), nextCursor: result.nextCursor };
  });

  server.post('/bare/businesses/:businessId/customers', async (req, reply) => {
    const { businessId } = req.params as { businessId: string };
    const { name, email: given, actorId } = req.body as { name: string; email: string; actorId: string };
    const email = given.toLowerCase();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const business = (await client.query(`SELECT id, slug, name, time_zone FROM businesses WHERE id = $1`, [businessId])).rows[0] as { time_zone: string };
      const taken = await client.query(`SELECT id FROM customers WHERE business_id = $1 AND email = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`, [
        businessId,
        email,
        null,
      ]);
      if (taken.rows.length) throw new Error('email taken');
      const now = new Date();
      const row = (
        await client.query(
          `INSERT INTO customers (business_id, name, email, phone, notes, created_at, updated_at, created_by, created_in_impersonation)
           VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING id, name, email, phone, notes, created_at`,
          [businessId, name, email, null, null, now, actorId, null],
        )
      ).rows[0] as { id: string; name: string; email: string | null; phone: string | null; notes: string | null; created_at: Date };
      const view = {
        id: row.id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        notes: row.notes,
        createdAt: toZonedIso(instant(row.created_at), business.time_zone),
      };
      const changes = diff(null, { name: view.name, email: view.email, phone: view.phone, notes: view.notes });
      const ua = req.headers['user-agent'];
      await client.query(AUDIT_INSERT_SQL, [
        now,
        String(req.id),
        actorId,
        'business',
        null,
        businessId,
        'customer.create',
        'customer',
        view.id,
        'success',
        req.method,
        req.url,
        201,
        req.ip,
        typeof ua === 'string' ? ua : null,
        JSON.stringify(changes),
        null,
        null,
      ]);
      await client.query('COMMIT');
      return reply.status(201).send(view);
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  });

  await server.ready();
  return {
    server,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
}

export interface Load {
  name: string;
  /** One request; resolves to its HTTP status. */
  send: (i: number) => Promise<number>;
  status: number;
}

/**
 * Throughput of each load, measured side by side: ROUNDS rounds, each sending `slice` requests of
 * every load in turn (the order rotating every round) with `concurrency` requests in flight, so
 * every load sees the same machine. Returns requests per second per load.
 */
export async function measureThroughput(loads: Load[], opts: { rounds: number; slice: number; concurrency: number }): Promise<Map<Load, number>> {
  const spent = new Map<Load, number>(loads.map((l) => [l, 0]));
  const done = new Map<Load, number>(loads.map((l) => [l, 0]));
  let counter = 0;
  const drive = async (load: Load, requests: number) => {
    let left = requests;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (left > 0) {
          left--;
          const status = await load.send(counter++);
          if (status !== load.status) throw new Error(`${load.name}: HTTP ${status}, expected ${load.status}`);
        }
      }),
    );
    return performance.now() - start;
  };
  for (const load of loads) await drive(load, opts.concurrency * 2); // warm-up
  for (let round = 0; round < opts.rounds; round++) {
    for (let j = 0; j < loads.length; j++) {
      const load = loads[(round + j) % loads.length]!;
      spent.set(load, spent.get(load)! + (await drive(load, opts.slice)));
      done.set(load, done.get(load)! + opts.slice);
    }
  }
  return new Map(loads.map((l) => [l, (done.get(l)! / spent.get(l)!) * 1000]));
}
