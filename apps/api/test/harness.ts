import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { buildOpenApiDocument } from '../src/openapi/document.js';
import { Clock } from '../src/common/clock.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { seedDemoIfEmpty } from '../src/cli/seed/demo-seed.js';
import { ContractChecker, recordContractViolation } from './contract.js';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export const DEMO_LOGINS = {
  operator: { email: 'operator@demo.test', password: 'demo-operator' },
  acmeOwner: { email: 'owner@acme-hair.demo.test', password: 'demo-owner' },
  acmeStaff: { email: 'staff@acme-hair.demo.test', password: 'demo-staff' },
  brightOwner: { email: 'owner@bright-dental.demo.test', password: 'demo-owner' },
  brightStaff: { email: 'staff@bright-dental.demo.test', password: 'demo-staff' },
} as const;

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The app's own connection: the restricted app role when MIGRATION_DATABASE_URL is set. */
  db: DataSource;
  /**
   * The owner role's connection (MIGRATION_DATABASE_URL), for tests that tamper with the audit the
   * way only the owner can; the app's own connection in one-role and embedded mode.
   */
  owner: DataSource;
  clock: Clock;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/**
 * Boots the real application (same pipeline as production) against a fresh embedded database, or
 * against the PostgreSQL server named by DATABASE_URL (migrated and seeded by global-setup).
 */
export async function startTestApp(env: Record<string, string> = {}, options: { logDestination?: { write(line: string): void } } = {}): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? process.env.DATABASE_URL;
  const migrationUrl = env.MIGRATION_DATABASE_URL ?? (databaseUrl ? ownerUrlFor(databaseUrl) : null);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: '/tmp/booking-test-unused',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    ADMIN_DIR: '/nonexistent-admin',
    // The outbox worker stays off unless a test turns it on (OUTBOX_WORKER=true, or drain() by hand),
    // so no test's messages are delivered behind another test's back.
    OUTBOX_WORKER: 'false',
    // Public booking routes are rate-limited per address; every test speaks from 127.0.0.1, so the
    // limits are lifted here and one test (public-booking.spec.ts) proves them with its own values.
    PUBLIC_RATE_LIMIT_PER_IP: '1000000',
    PUBLIC_RATE_LIMIT_PER_BUSINESS: '1000000',
    PUBLIC_WRITES_PER_IP: '1000000',
    // The same for the global per-client ceiling (security-rate-limit.spec.ts proves it with its own).
    RATE_LIMIT_MAX: '100000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(migrationUrl ? { MIGRATION_DATABASE_URL: migrationUrl } : {}),
    ...env,
  });
  // Every response is checked against the OpenAPI document (test/contract.ts); test/setup.ts fails the test on a violation.
  let contract: ContractChecker | undefined;
  const app = await createApp(
    config,
    { memory: !databaseUrl },
    {
      logDestination: options.logDestination,
      inspectResponse: (req, reply, payload) => {
        if (!contract) return;
        const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? null : undefined;
        if (text === undefined) return; // a stream (static files), not an API body
        const type = reply.getHeader('content-type');
        try {
          const violation = contract.check(req.method, req.url, reply.statusCode, typeof type === 'string' ? type : undefined, text);
          if (violation) recordContractViolation(violation);
        } catch (err) {
          recordContractViolation(`${req.method} ${req.url}: the contract check itself failed: ${(err as Error).message}`);
        }
      },
    },
  );
  await app.getHttpAdapter().getInstance().ready();
  contract = new ContractChecker(buildOpenApiDocument(app));
  const db = app.get(DataSource);
  // A database of the test's own (scratchDatabase) is seeded here; the shared one by global-setup.
  if (!databaseUrl || env.DATABASE_URL) await seedDemoIfEmpty(db);
  const clock = app.get(Clock);
  const owner = config.migrationDatabaseUrl ? await new DataSource({ type: 'postgres', url: config.migrationDatabaseUrl, extra: { max: 2 } }).initialize() : db;
  return {
    app,
    config,
    db,
    owner,
    clock,
    http: () => request(app.getHttpServer()),
    close: async () => {
      clock.reset();
      if (owner !== db) await owner.destroy();
      await app.close();
    },
  };
}

/**
 * In two-role runs (MIGRATION_DATABASE_URL set, as in CI), the owner role's URL for the database
 * `databaseUrl` names: the same server and owner credentials, that database. Null in one-role runs.
 */
export function ownerUrlFor(databaseUrl: string): string | null {
  const owner = process.env.MIGRATION_DATABASE_URL;
  if (!owner) return null;
  const url = new URL(owner);
  const target = new URL(databaseUrl);
  // Another server (a test's private cluster) has its own single role: no owner URL to borrow.
  if (url.host !== target.host) return null;
  url.pathname = target.pathname;
  return url.toString();
}

/** A signed-in browser-like client: session cookie + XSRF cookie, sending X-XSRF-TOKEN on writes. */
export interface CookieSession {
  cookies: Record<string, string>;
  xsrf: () => string;
  get: (path: string) => request.Test;
  post: (path: string, body?: object) => request.Test;
  put: (path: string, body?: object) => request.Test;
  patch: (path: string, body?: object) => request.Test;
  delete: (path: string) => request.Test;
  userId: string;
}

function parseSetCookie(headers: Record<string, unknown>, jar: Record<string, string>): void {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  for (const line of list as string[]) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value === '') delete jar[name];
    else jar[name] = value;
  }
}

export async function signIn(t: TestApp, login: { email: string; password: string }): Promise<CookieSession> {
  const res = await t.http().post('/api/auth/login').send(login);
  if (res.status !== 200) throw new Error(`sign-in failed for ${login.email}: ${res.status} ${JSON.stringify(res.body)}`);
  const jar: Record<string, string> = {};
  parseSetCookie(res.headers, jar);
  return sessionOn(t, jar, res.body.user.id);
}

/** The same browser (one cookie jar) talking to app `t`: e.g. another replica behind a load balancer. */
export function sessionOn(t: TestApp, jar: Record<string, string>, userId: string): CookieSession {
  const cookieHeader = () =>
    Object.entries(jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  const track = (test: request.Test) =>
    test.set('cookie', cookieHeader()).on('response', (r: { headers: Record<string, unknown> }) => parseSetCookie(r.headers, jar));
  const unsafe = (test: request.Test) => track(test).set('x-xsrf-token', jar['XSRF-TOKEN'] ?? '');
  return {
    cookies: jar,
    xsrf: () => jar['XSRF-TOKEN'] ?? '',
    get: (p) => track(t.http().get(p)),
    post: (p, body) => unsafe(t.http().post(p)).send(body ?? {}),
    put: (p, body) => unsafe(t.http().put(p)).send(body ?? {}),
    patch: (p, body) => unsafe(t.http().patch(p)).send(body ?? {}),
    delete: (p) => unsafe(t.http().delete(p)),
    userId,
  };
}

/** A Bearer-token client (API scripts): no cookies, no CSRF. */
export async function bearer(t: TestApp, login: { email: string; password: string }) {
  const res = await t.http().post('/api/auth/token').send(login);
  if (res.status !== 200) throw new Error(`token failed for ${login.email}: ${res.status}`);
  const token: string = res.body.accessToken;
  const auth = (test: request.Test) => test.set('authorization', `Bearer ${token}`);
  return {
    token,
    get: (p: string) => auth(t.http().get(p)),
    post: (p: string, body?: object) => auth(t.http().post(p)).send(body ?? {}),
    put: (p: string, body?: object) => auth(t.http().put(p)).send(body ?? {}),
    patch: (p: string, body?: object) => auth(t.http().patch(p)).send(body ?? {}),
    delete: (p: string) => auth(t.http().delete(p)),
  };
}

export async function businessBySlug(t: TestApp, slug: string): Promise<{ id: string; slug: string; name: string; time_zone: string }> {
  const [row] = await t.db.query(`SELECT id, slug, name, time_zone FROM businesses WHERE slug = $1`, [slug]);
  return row;
}

/** A unique suffix so tests never collide on each other's rows (the server database is shared by test files). */
export const unique = (prefix = 't'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * A PostgreSQL database of the calling test file's own on the server named by DATABASE_URL (null on
 * the embedded path, where every file has its own in-memory database anyway). For tests whose
 * workers must see only their own rows: the outbox worker delivers whatever is due in its database.
 */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  // Created (and dropped) by the owner role in two-role runs: the app role may not create databases.
  const adminUrl = process.env.MIGRATION_DATABASE_URL || base;
  const name = `${new URL(base).pathname.slice(1) || 'test'}_scratch_${randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/gi, '_');
  const admin = await new DataSource({ type: 'postgres', url: adminUrl }).initialize();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await new DataSource({ type: 'postgres', url: adminUrl }).initialize();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } catch (error) {
        // An owner role without pg_signal_backend may not end the app role's connections: the
        // scratch database is left behind (named *_scratch_*), which no test reads again.
        console.warn(`scratch database ${name} not dropped: ${(error as Error).message}`);
      } finally {
        await c.destroy();
      }
    },
  };
}

/**
 * The one-time link of the newest message of `kind` to `recipient`, opened the way the delivery
 * worker opens it (tests that do not go through SMTP). Its token is what follows `#token=`.
 */
export async function oneTimeToken(t: TestApp, recipient: string, kind: string): Promise<string> {
  const { OutboxService } = await import('../src/messages/outbox.service.js');
  const [row]: { secret: string | null }[] = await t.db.query(
    `SELECT secret FROM outbox_messages WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [recipient.toLowerCase(), kind],
  );
  const link = row?.secret ? t.app.get(OutboxService).box.open(row.secret) : null;
  if (!link) throw new Error(`no one-time link of ${kind} for ${recipient}`);
  return link.slice(link.indexOf('#token=') + '#token='.length);
}

/** A team member the way a real one joins: the owner invites, the invitee accepts with their own password. */
export async function addTeamMember(
  t: TestApp,
  owner: { post: (path: string, body?: object) => request.Test },
  businessId: string,
  member: { name: string; email: string; role: 'owner' | 'staff'; password: string },
): Promise<{ userId: string; name: string; email: string; role: 'owner' | 'staff' }> {
  const email = member.email.toLowerCase();
  await owner.post(`/api/businesses/${businessId}/team`, { name: member.name, email, role: member.role }).expect(201);
  const token = await oneTimeToken(t, email, 'team.invite');
  await t.http().post('/api/team-invitations/accept').send({ token, password: member.password }).expect(200);
  const [{ id }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [email]);
  return { userId: id, name: member.name, email, role: member.role };
}

/**
 * A business made by an operator, with its first owner signed up the way a real one is: the operator
 * names the owner, the owner is sent an invitation and chooses their own password (`owner.password`).
 * Returns the operator's view of the business once the owner has joined.
 */
export async function createBusiness(
  t: TestApp,
  operator: { post: (path: string, body?: object) => request.Test; get: (path: string) => request.Test },
  input: { name: string; slug: string; timeZone: string; owner: { name: string; email: string; password: string } },
): Promise<{ id: string; slug: string; name: string; timeZone: string; owner: { id: string; name: string; email: string }; [key: string]: unknown }> {
  const { password, ...owner } = input.owner;
  const created = await operator.post('/api/businesses', { ...input, owner });
  if (created.status !== 201) throw new Error(`creating business ${input.slug} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const token = await oneTimeToken(t, owner.email, 'team.invite');
  await t.http().post('/api/team-invitations/accept').send({ token, password }).expect(200);
  return (await operator.get(`/api/businesses/${created.body.id}`).expect(200)).body;
}
