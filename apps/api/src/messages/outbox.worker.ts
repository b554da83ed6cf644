import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailSendError, MailTransport } from './mail-transport.js';
import { MessagesRepository, type ClaimedMessage } from './messages.repository.js';
import { OutboxService } from './outbox.service.js';
import { escapeHtml, SECRET_LINK } from './templates.js';

type ClaimedRow = ClaimedMessage;

const BATCH = 10;
const MAX_BACKOFF_SECONDS = 3600;

/**
 * Delivers the outbox. Safe with any number of replicas on one database:
 *  - a claim is one statement, `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so two
 *    workers never claim the same row; it marks the rows `sending` under this claim's token and
 *    pushes `not_before` to the end of a lease;
 *  - a worker that dies (kill -9, lost host) simply stops renewing: when the lease ends the row is
 *    due again and another worker takes it, with the same id and Message-ID header;
 *  - only the claim's owner may mark a row sent or failed (`claimed_by` = its token), so a worker
 *    that lost its lease cannot overwrite the newer owner's outcome; each row's lease is renewed
 *    (and ownership re-checked) just before it is sent, so a slow batch never outlives its claim.
 * The SMTP time-outs are a quarter of the lease, so a live worker never outlives its claim. What
 * remains is SMTP's own gap: a crash after the server's 250 and before the row is marked sends the
 * message again, with the same Message-ID, which receivers use to drop the duplicate.
 *
 * Failures retry with exponential back-off (OUTBOX_RETRY_SECONDS doubling, at most an hour); a 5xx
 * refusal, or OUTBOX_MAX_ATTEMPTS, makes the row `dead`, shown to operators in the outbox. SIGTERM
 * (Nest's shutdown hooks) stops the loop, lets the message in flight finish, and hands back the rest
 * of the batch at once.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxWorker');
  /** Names this process in `claimed_by` (with a per-claim suffix), for operators reading the table. */
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;
  private stopped = false;
  private started = false;
  private readonly messages: MessagesRepository;

  constructor(
    // The data source, not the repository: a second worker (another replica, in the tests) is built from it alone.
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
  ) {
    this.messages = new MessagesRepository(db);
  }

  onApplicationBootstrap(): void {
    if (this.config.outboxWorker && this.transport.configured) this.start();
    // Said in the start-up banner (boot/serve.ts), which is the first thing a first run prints.
    else if (this.config.outboxWorker) this.logger.debug('SMTP_URL is not set: messages stay in the outbox (operators see them under Outbox)');
  }

  get running(): boolean {
    return this.started && !this.stopped;
  }

  /** Starts polling (tests turn the worker on this way; production starts it at boot). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops polling and waits for the message in flight; claimed but unsent rows are handed back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight?.catch(() => undefined);
  }

  /** Delivers everything due now, batch after batch (tests; also what one poll does). Returns how many were attempted. */
  async drain(maxBatches = 100): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  /** Claims one batch of due messages and delivers them one by one. */
  async runOnce(): Promise<number> {
    const run = this.claimAndDeliver();
    this.inFlight = run;
    try {
      return await run;
    } finally {
      if (this.inFlight === run) this.inFlight = null;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    this.timer = null;
    let attempted = 0;
    try {
      attempted = await this.runOnce();
    } catch (err) {
      this.logger.error({ msg: 'outbox poll failed', err: (err as Error).message });
    }
    this.schedule(attempted >= BATCH ? 0 : this.config.outboxPollMs);
  }

  private async claimAndDeliver(): Promise<number> {
    if (!this.transport.configured) return 0;
    const claim = `${this.workerId}:${randomUUID().slice(0, 8)}`;
    const now = this.clock.now();
    const leaseEnd = new Date(now.getTime() + this.config.outboxLeaseSeconds * 1000);
    const claimed = await this.messages.claim(claim, now, leaseEnd, BATCH);
    // In the order they were written, so a customer's confirmation never arrives after its cancellation.
    claimed.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a.id < b.id ? -1 : 1));
    let attempted = 0;
    for (const row of claimed) {
      if (this.stopped) break;
      attempted++;
      // Renew this one row's lease just before sending it: a batch of slow sends never outlives its
      // claim, and a row another worker has taken over in the meantime is left to that worker.
      const renewedAt = this.clock.now();
      const renewed = await this.messages.renew(row.id, claim, new Date(renewedAt.getTime() + this.config.outboxLeaseSeconds * 1000));
      if (!renewed) continue;
      await this.deliver(row, claim);
    }
    if (attempted < claimed.length) {
      // Shutting down: hand the rest back now rather than leaving them to the lease.
      await this.messages.handBack(claim, this.clock.now());
    }
    return attempted;
  }

  private async deliver(row: ClaimedRow, claim: string): Promise<void> {
    if (row.attempts > this.config.outboxMaxAttempts) {
      return this.markDead(row, claim, `gave up after ${row.attempts - 1} attempts (the worker stopped mid-delivery each time)`);
    }
    let link: string | null = null;
    if (row.secret) {
      link = this.outbox.box.open(row.secret);
      if (link === null) return this.markDead(row, claim, 'the one-time link cannot be opened (the app secret changed); the person must ask for a new one');
    }
    const text = link ? row.bodyText.split(SECRET_LINK).join(link) : row.bodyText;
    const html = link ? row.bodyHtml.split(SECRET_LINK).join(escapeHtml(link)) : row.bodyHtml;
    try {
      const response = await this.transport.send({
        messageId: messageIdFor(row.id, this.config.mailFrom.address),
        from: { name: row.fromName ?? this.config.mailFrom.name ?? 'Booking platform', address: this.config.mailFrom.address },
        replyTo: row.replyTo,
        to: row.recipient,
        subject: row.subject,
        text,
        html,
        headers: { 'X-Outbox-Message-Id': row.id, 'X-Message-Kind': row.kind, 'Auto-Submitted': 'auto-generated' },
      });
      const now = this.clock.now();
      await this.messages.settle(row.id, claim, { status: 'sent', sentAt: now, secret: null, smtpResponse: response, lastError: null }, now);
    } catch (err) {
      const failure = err instanceof MailSendError ? err : new MailSendError((err as Error).message ?? String(err), false);
      if (failure.permanent || row.attempts >= this.config.outboxMaxAttempts) return this.markDead(row, claim, failure.message);
      const delay = Math.min(MAX_BACKOFF_SECONDS, this.config.outboxRetrySeconds * 2 ** (row.attempts - 1));
      const now = this.clock.now();
      await this.messages.settle(
        row.id,
        claim,
        { status: 'pending', notBefore: new Date(now.getTime() + delay * 1000), lastError: failure.message.slice(0, 1000) },
        now,
      );
      this.logger.warn({ msg: 'message delivery failed; will retry', messageId: row.id, attempt: row.attempts, retryInSeconds: delay, err: failure.message });
    }
  }

  private async markDead(row: ClaimedRow, claim: string, reason: string): Promise<void> {
    await this.messages.settle(row.id, claim, { status: 'dead', secret: null, lastError: reason.slice(0, 1000) }, this.clock.now());
    this.logger.error({ msg: 'message gave up (dead letter)', messageId: row.id, kind: row.kind, err: reason });
  }
}

/** The stable Message-ID: the outbox row's id at the sender's domain, the same on every retry. */
export function messageIdFor(id: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'localhost';
  return `<${id}@${domain}>`;
}
