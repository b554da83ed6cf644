import type { Logger, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, type TestApp } from './harness.js';

/**
 * Database round trips per request (docs/ARCHITECTURE.md §3, §8): the session guard loads the
 * session, its user, its live impersonation with its business and the business the route names
 * with the user's membership in one statement, moving the "last seen" clocks inside it; the
 * access guard decides with what it read; then the handler. Counted through the app's own TypeORM logger, which sees every statement
 * (transaction control included) on both the embedded and the server path.
 */
let t: TestApp;
let acme: { id: string };
const seen: string[] = [];
let recording = false;

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  const logger = t.db.logger as Logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string, parameters?: unknown[], runner?: QueryRunner) => {
    if (recording) seen.push(query.replace(/\s+/g, ' ').trim());
    return original(query, parameters, runner);
  };
});
afterAll(() => t.close());
beforeEach(() => t.clock.reset());

/** The statements one request issued, in order. */
async function statementsOf(send: () => PromiseLike<{ status: number }>, status = 200): Promise<string[]> {
  seen.length = 0;
  recording = true;
  try {
    const res = await send();
    expect(res.status).toBe(status);
  } finally {
    recording = false;
  }
  return [...seen];
}

/** The server-side session a token names (its `sid`). */
const sessionOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sid;

const isSessionStatement = (sql: string) => /\bFROM auth_sessions s\b/.test(sql);
/** Only the session statement reads the route's business and membership. */
const readsMembership = (sql: string) => /\bmemberships\b/.test(sql);
/** Tables only the session statement reads (sessions, users, impersonations, grants, memberships). */
const PIPELINE_TABLES = /\b(auth_sessions|impersonations|support_access_grants|memberships|users)\b/;

describe('round trips per request', () => {
  it('an operator polling the session: one statement, also when the last-seen clocks move', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const quiet = await statementsOf(() => op.get('/api/auth/me'));
    expect(quiet, quiet.join('\n')).toHaveLength(1);
    expect(isSessionStatement(quiet[0]!)).toBe(true);
    // Past the session's one-minute "last seen" granularity: the move is folded into the same statement.
    t.clock.advance(2 * 60_000);
    const moved = await statementsOf(() => op.get('/api/auth/me'));
    expect(moved, moved.join('\n')).toHaveLength(1);
    const [row] = await t.db.query(`SELECT last_seen_at FROM auth_sessions WHERE id = $1`, [sessionOf(op.token)]);
    expect(Math.abs(new Date(row.last_seen_at).getTime() - t.clock.now().getTime())).toBeLessThan(5_000);
  });

  it('an owner listing bookings: two statements (the session with the membership, the page)', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const sql = await statementsOf(() => owner.get(`/api/businesses/${acme.id}/bookings`));
    expect(sql, sql.join('\n')).toHaveLength(2);
    expect(isSessionStatement(sql[0]!) && readsMembership(sql[0]!), sql.join('\n')).toBe(true);
    expect(sql[1], sql.join('\n')).toMatch(/\bFROM "?bookings"? "?b"?/);
  });

  it('a business route naming a business that does not exist: 404 from the session statement alone', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const sql = await statementsOf(() => owner.get('/api/businesses/00000000-0000-4000-8000-000000000000/bookings'), 404);
    expect(sql, sql.join('\n')).toHaveLength(1);
  });

  it('a cookie session writing: CSRF, access and the audit add no statement of their own', async () => {
    const owner = await signIn(t, DEMO_LOGINS.acmeOwner);
    const sql = await statementsOf(() => owner.post(`/api/businesses/${acme.id}/customers`, { name: 'Round Trip' }), 201);
    expect(isSessionStatement(sql[0]!), sql.join('\n')).toBe(true);
    expect(
      sql.slice(1).filter((s) => PIPELINE_TABLES.test(s)),
      sql.join('\n'),
    ).toEqual([]);
    expect(
      sql.filter((s) => /^INSERT INTO audit_events\b/.test(s)),
      sql.join('\n'),
    ).toHaveLength(1);
  });

  it('an operator impersonating: the session statement carries the impersonation and its business; the read is audited once', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const started = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    for (const advance of [0, 30_000]) {
      // 30 s later the idle clock moves, inside the same statement.
      t.clock.advance(advance);
      const sql = await statementsOf(() => op.get(`/api/businesses/${acme.id}/bookings`));
      expect(isSessionStatement(sql[0]!), sql.join('\n')).toBe(true);
      const rest = sql.slice(1);
      expect(
        rest.filter((s) => PIPELINE_TABLES.test(s)),
        sql.join('\n'),
      ).toEqual([]);
      expect(
        rest.filter((s) => /^INSERT INTO audit_events\b/.test(s)),
        sql.join('\n'),
      ).toHaveLength(1);
    }
    const [imp] = await t.db.query(`SELECT last_seen_at FROM impersonations WHERE id = $1`, [started.id]);
    expect(Math.abs(new Date(imp.last_seen_at).getTime() - t.clock.now().getTime())).toBeLessThan(5_000);
    const polled = await statementsOf(() => op.get('/api/auth/me'));
    expect(polled, polled.join('\n')).toHaveLength(1);
    await op.delete('/api/impersonation').expect(200);
  });
});
