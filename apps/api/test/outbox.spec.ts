import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config.js';
import { MailTransport } from '../src/messages/mail-transport.js';
import { OutboxService, type NewMessage } from '../src/messages/outbox.service.js';
import { messageIdFor, OutboxWorker } from '../src/messages/outbox.worker.js';
import { SECRET_LINK } from '../src/messages/templates.js';
import { DEMO_LOGINS, scratchDatabase, signIn, startTestApp, TEST_JWT_SECRET, unique, type TestApp } from './harness.js';
import { startChild } from './support/child-app.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const message = (to: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  kind: 'test.note',
  to,
  subject: `Note for ${to}`,
  text: `Hello ${to}`,
  html: `<p>Hello ${to}</p>`,
  ...extra,
});

async function enqueueMany(t: TestApp, recipients: string[]): Promise<string[]> {
  const outbox = t.app.get(OutboxService);
  return t.db.transaction(async (em) => {
    const ids: string[] = [];
    for (const r of recipients) ids.push(await outbox.enqueue(em, message(r)));
    return ids;
  });
}

async function statuses(t: TestApp, ids: string[]): Promise<Record<string, string>> {
  const rows: { id: string; status: string }[] = await t.db.query(`SELECT id, status FROM outbox_messages WHERE id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

describe('outbox: delivery through a real SMTP server', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let refuse: (to: string) => number | null = () => null;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

  beforeAll(async () => {
    sink = await startSmtpSink({ refuse: (m) => refuse(m.envelopeTo[0]!) });
    scratch = await scratchDatabase();
    t = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Bookings <bookings@platform.test>', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await scratch?.drop();
  });

  it('sends a committed message once, with its row id as a stable Message-ID', async () => {
    const to = `${unique('a')}@example.test`;
    const [id] = await enqueueMany(t, [to]);
    expect(await t.app.get(OutboxWorker).drain()).toBeGreaterThanOrEqual(1);
    const got = sink.to(to);
    expect(got).toHaveLength(1);
    expect(got[0]!.messageId).toBe(messageIdFor(id!, 'bookings@platform.test'));
    expect(got[0]!.outboxId).toBe(id);
    expect(got[0]!.subject).toBe(`Note for ${to}`);
    expect(got[0]!.text).toContain(`Hello ${to}`);
    expect(got[0]!.html).toContain(`<p>Hello ${to}</p>`);
    expect(await statuses(t, [id!])).toEqual({ [id!]: 'sent' });
    // Draining again sends nothing more.
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(to)).toHaveLength(1);
  });

  it('never sends a message whose transaction rolled back', async () => {
    const to = `${unique('rollback')}@example.test`;
    const outbox = t.app.get(OutboxService);
    await expect(
      t.db.transaction(async (em) => {
        await outbox.enqueue(em, message(to));
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(to)).toHaveLength(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = $1`, [to]);
    expect(n).toBe(0);
  });

  it('retries a temporary refusal with back-off, and dead-letters a permanent one for operators to see and retry', async () => {
    const flaky = `${unique('flaky')}@example.test`;
    const refused = `${unique('refused')}@example.test`;
    let flakyTries = 0;
    refuse = (to) => (to === flaky ? (++flakyTries <= 2 ? 451 : null) : to === refused ? 550 : null);
    const [flakyId, refusedId] = await enqueueMany(t, [flaky, refused]);
    const worker = t.app.get(OutboxWorker);
    await worker.drain();
    expect(await statuses(t, [flakyId!, refusedId!])).toEqual({ [flakyId!]: 'pending', [refusedId!]: 'dead' });
    const [row] = await t.db.query(`SELECT attempts, not_before, last_error FROM outbox_messages WHERE id = $1`, [flakyId]);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/451/);
    // Not due yet: the back-off (30 s, then 60 s) holds it.
    await worker.drain();
    expect(flakyTries).toBe(1);
    t.clock.advance(31_000);
    await worker.drain();
    expect(flakyTries).toBe(2);
    t.clock.advance(61_000);
    await worker.drain();
    expect(flakyTries).toBe(3);
    expect(sink.to(flaky)).toHaveLength(1);
    expect(await statuses(t, [flakyId!])).toEqual({ [flakyId!]: 'sent' });

    // The operator sees the dead letter and why, and can put it back once the cause is fixed.
    const operator = await signIn(t, DEMO_LOGINS.operator);
    const list = await operator.get('/api/operator/outbox?status=dead').expect(200);
    const dead = list.body.items.find((m: { id: string }) => m.id === refusedId);
    expect(dead).toMatchObject({ status: 'dead', recipient: refused, attempts: 1 });
    expect(dead.lastError).toMatch(/550/);
    expect(list.body.delivery).toMatchObject({ smtpConfigured: true });
    refuse = () => null;
    await operator.post(`/api/operator/outbox/${refusedId}/retry`).expect(200);
    await operator.post(`/api/operator/outbox/${refusedId}/retry`).expect(409);
    await worker.drain();
    expect(sink.to(refused)).toHaveLength(1);
    const [audit] = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'outbox.retry' AND target_id = $1`, [refusedId]);
    expect(audit.actor_id).toBe(operator.userId);
  });

  it('keeps a one-time link sealed at rest, hidden from operators, and only in the delivered mail', async () => {
    const to = `${unique('link')}@example.test`;
    const link = `http://127.0.0.1/reset-password#token=${unique('secret')}`;
    const id = await t.db.transaction((em) =>
      t.app.get(OutboxService).enqueue(em, message(to, { text: `Open ${SECRET_LINK}`, html: `<a href="${SECRET_LINK}">open</a>`, secretLink: link })),
    );
    const [row] = await t.db.query(`SELECT secret, body_text, body_html FROM outbox_messages WHERE id = $1`, [id]);
    expect(JSON.stringify(row)).not.toContain(link.split('=')[1]);
    const operator = await signIn(t, DEMO_LOGINS.operator);
    const detail = await operator.get(`/api/operator/outbox/${id}`).expect(200);
    expect(detail.body.bodyText).toContain('hidden');
    expect(JSON.stringify(detail.body)).not.toContain(link.split('=')[1]);
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(to)[0]!.text).toContain(`Open ${link}`);
    const [after] = await t.db.query(`SELECT secret, status FROM outbox_messages WHERE id = $1`, [id]);
    expect(after).toEqual({ secret: null, status: 'sent' });
  });

  it('refuses the outbox to everyone but operators', async () => {
    const owner = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res = await owner.get('/api/operator/outbox').expect(403);
    expect(res.body.code).toBe('operator_only');
  });

  it('two workers on one database never send one message twice', async () => {
    const recipients = Array.from({ length: 30 }, (_, i) => `${unique(`pair${i}`)}@example.test`);
    const ids = await enqueueMany(t, recipients);
    const first = t.app.get(OutboxWorker);
    // A second worker, as another replica would run it: its own id, the same database.
    const second = new OutboxWorker(t.db, t.app.get<AppConfig>(APP_CONFIG), t.clock, t.app.get(MailTransport), t.app.get(OutboxService));
    await Promise.all([first.drain(), second.drain(), first.drain(), second.drain()]);
    for (const r of recipients) expect(sink.to(r)).toHaveLength(1);
    expect(Object.values(await statuses(t, ids)).every((s) => s === 'sent')).toBe(true);
  });

  it('stopping mid-batch finishes the message in flight and hands the rest back at once', async () => {
    const slow = await startSmtpSink({ delayMs: 150 });
    const stopper = await startTestApp({ SMTP_URL: slow.url, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
    try {
      const recipients = Array.from({ length: 6 }, (_, i) => `${unique(`stop${i}`)}@example.test`);
      const ids = await enqueueMany(stopper, recipients);
      const worker = stopper.app.get(OutboxWorker);
      const run = worker.runOnce();
      await slow.waitFor(() => slow.inFlight() > 0 || slow.messages.length > 0);
      await worker.stop();
      await run;
      const sent = recipients.filter((r) => slow.to(r).length === 1);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent.length).toBeLessThan(recipients.length);
      const rows: { status: string; claimed_by: string | null; not_before: Date }[] = await stopper.db.query(
        `SELECT status, claimed_by, not_before FROM outbox_messages WHERE id = ANY($1::uuid[]) AND status <> 'sent'`,
        [ids],
      );
      expect(rows.length).toBe(recipients.length - sent.length);
      for (const r of rows) {
        expect(r).toMatchObject({ status: 'pending', claimed_by: null });
        expect(new Date(r.not_before).getTime()).toBeLessThanOrEqual(stopper.clock.now().getTime());
      }
    } finally {
      await stopper.close();
      await slow.close();
    }
  });
});

describe('outbox: with no SMTP configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_WORKER: 'true' });
  });
  afterAll(() => t?.close());

  it('keeps every message and shows it to operators as waiting', async () => {
    const to = `${unique('kept')}@example.test`;
    const [id] = await enqueueMany(t, [to]);
    expect(await t.app.get(OutboxWorker).drain()).toBe(0);
    const operator = await signIn(t, DEMO_LOGINS.operator);
    const res = await operator.get('/api/operator/outbox?status=pending&limit=200').expect(200);
    expect(res.body.delivery).toMatchObject({ smtpConfigured: false, workerRunning: false });
    expect(res.body.delivery.pending).toBeGreaterThanOrEqual(1);
    expect(res.body.items.map((m: { id: string }) => m.id)).toContain(id);
  });
});

/**
 * The real app in a process of its own (support/app-process.ts, started through the tests' one
 * launcher, support/child-app.ts), with this process's environment; `ready` once it serves.
 */
function startProcess(env: Record<string, string>): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  output: () => string;
} {
  const started = startChild('apps/api/test/support/app-process.ts', [], {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_DIR: '/nonexistent-admin',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const output = () => started.stdout() + started.stderr();
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (started.stdout().includes('ready')) resolve();
    };
    started.process.stdout!.on('data', check);
    void started.exited.then(() => reject(new Error(`app process exited before ready:\n${output()}`)));
  });
  return { child: started.process, ready, exited: started.exited, output };
}

/**
 * Crash and stop of a real app process. Needs the PostgreSQL server: the embedded database belongs to
 * one process, so there is no second process to restart against it (the in-process worker tests above
 * cover the same claim logic on PGlite).
 */
describe.skipIf(!process.env.DATABASE_URL)('outbox: kill -9 mid-delivery and SIGTERM (app processes on the PostgreSQL server)', () => {
  let t: TestApp;
  let scratch: NonNullable<Awaited<ReturnType<typeof scratchDatabase>>>;
  beforeAll(async () => {
    scratch = (await scratchDatabase())!;
    t = await startTestApp({ DATABASE_URL: scratch.url });
  });
  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  const workerEnv = (sink: SmtpSink) => ({
    DATABASE_URL: scratch.url,
    SMTP_URL: sink.url,
    OUTBOX_WORKER: 'true',
    OUTBOX_POLL_MS: '100',
    OUTBOX_LEASE_SECONDS: '3',
    PORT: '0',
  });

  it('killing the app mid-delivery and restarting it sends each message exactly once', async () => {
    // The fourth message is held on the wire for 3 s: the kill lands while its reply is pending.
    const sink = await startSmtpSink({ delayMs: (i) => (i === 3 ? 3000 : 20) });
    try {
      const recipients = Array.from({ length: 12 }, (_, i) => `${unique(`crash${i}`)}@example.test`);
      const ids = await enqueueMany(t, recipients);
      const first = startProcess(workerEnv(sink));
      await first.ready;
      // Let a few go through, then kill while the next one is on the wire (its 250 not yet written).
      await sink.waitFor((all) => all.length >= 3 && sink.inFlight() > 0, 30_000);
      first.child.kill('SIGKILL');
      expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
      const beforeRestart = sink.messages.length;
      expect(beforeRestart).toBeLessThan(recipients.length);
      const stuck: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE id = ANY($1::uuid[]) AND status = 'sending'`, [
        ids,
      ]);
      expect(stuck[0]!.n).toBeGreaterThanOrEqual(1);

      const second = startProcess(workerEnv(sink));
      await second.ready;
      await sink.waitFor(() => recipients.every((r) => sink.to(r).length >= 1), 30_000);
      // A little longer: a duplicate would show up now.
      await new Promise((r) => setTimeout(r, 500));
      second.child.kill('SIGTERM');
      await second.exited;
      for (const [i, r] of recipients.entries()) {
        const got = sink.to(r);
        expect(got, r).toHaveLength(1);
        expect(got[0]!.outboxId).toBe(ids[i]);
      }
      expect(Object.values(await statuses(t, ids)).every((s) => s === 'sent')).toBe(true);
    } finally {
      await sink.close();
    }
  }, 90_000);

  it('two app processes on one database never send one message twice', async () => {
    const sink = await startSmtpSink({ delayMs: 20 });
    try {
      const recipients = Array.from({ length: 40 }, (_, i) => `${unique(`twin${i}`)}@example.test`);
      const a = startProcess(workerEnv(sink));
      const b = startProcess(workerEnv(sink));
      await Promise.all([a.ready, b.ready]);
      const ids = await enqueueMany(t, recipients);
      await sink.waitFor(() => recipients.every((r) => sink.to(r).length >= 1), 30_000);
      await new Promise((r) => setTimeout(r, 500));
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      for (const r of recipients) expect(sink.to(r), r).toHaveLength(1);
      expect(Object.values(await statuses(t, ids)).every((s) => s === 'sent')).toBe(true);
    } finally {
      await sink.close();
    }
  }, 90_000);

  it('SIGTERM stops the worker cleanly: the process exits and nothing stays claimed', async () => {
    const sink = await startSmtpSink({ delayMs: 200 });
    try {
      const recipients = Array.from({ length: 10 }, (_, i) => `${unique(`term${i}`)}@example.test`);
      const ids = await enqueueMany(t, recipients);
      const p = startProcess(workerEnv(sink));
      await p.ready;
      await sink.waitFor((all) => all.length >= 1 && sink.inFlight() > 0, 30_000);
      p.child.kill('SIGTERM');
      const exit = await p.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM', p.output()).toBe(true);
      const rows: { status: string; n: number }[] = await t.db.query(
        `SELECT status, count(*)::int AS n FROM outbox_messages WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [ids],
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      expect(by.sending ?? 0).toBe(0);
      expect((by.sent ?? 0) + (by.pending ?? 0)).toBe(recipients.length);
      // What was sent arrived once; the message that was on the wire at SIGTERM was finished, not dropped.
      expect(sink.messages.filter((m) => ids.includes(m.outboxId)).length).toBe(by.sent ?? 0);
    } finally {
      await sink.close();
    }
  }, 90_000);
});
