import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutboxMessageDetail, OutboxMessageView, OutboxPage, OutboxStatus } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail-transport.js';
import { MessagesRepository, type OutboxSummary } from './messages.repository.js';
import { SecretBox } from './secret-box.js';
import { SECRET_LINK, type RenderedMessage } from './templates.js';

/** One message to send, as the event's transaction writes it. */
export interface NewMessage extends RenderedMessage {
  kind: string;
  to: string;
  businessId?: string | null;
  /** A one-time link substituted for SECRET_LINK at delivery; sealed at rest. */
  secretLink?: string | null;
  /** What the message is about (`booking:<id>`), so a later event can cancel it while it waits. */
  subjectRef?: string | null;
  /** Not before this instant (reminders); now by default. */
  notBefore?: Date;
}

/**
 * Writes messages into the outbox inside the caller's transaction (no event without its message, no
 * message for a rolled-back event) and gives operators the queue: what waits, what was sent, what
 * gave up (`dead`) and why, and a retry for the dead.
 */
@Injectable()
export class OutboxService {
  readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly transport: MailTransport,
    private readonly messages: MessagesRepository,
  ) {
    this.box = new SecretBox(config.jwtSecret);
  }

  async enqueue(em: EntityManager, message: NewMessage): Promise<string> {
    if (message.secretLink && !(message.text.includes(SECRET_LINK) && message.html.includes(SECRET_LINK))) {
      throw new Error(`outbox: a ${message.kind} message carries a one-time link but its template never places it`);
    }
    const now = this.clock.now();
    return this.messages.enqueue(em, {
      businessId: message.businessId ?? null,
      kind: message.kind,
      recipient: message.to.trim().toLowerCase(),
      fromName: message.fromName?.slice(0, 200) ?? null,
      replyTo: message.replyTo ?? null,
      subject: message.subject.slice(0, 500),
      bodyText: message.text,
      bodyHtml: message.html,
      secret: message.secretLink ? this.box.seal(message.secretLink) : null,
      subjectRef: message.subjectRef ?? null,
      notBefore: message.notBefore ?? now,
      createdAt: now,
    });
  }

  /** Cancels what still waits about `subjectRef` (a reminder for a booking that moved or was cancelled). */
  async cancelPending(em: EntityManager, businessId: string, subjectRef: string, kind: string): Promise<number> {
    return this.messages.cancelPending(em, businessId, subjectRef, kind, this.clock.now());
  }

  async list(query: { status?: OutboxStatus; limit?: number; cursor?: string }): Promise<OutboxPage> {
    const limit = clampLimit(query.limit);
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.messages.page(query.status, cursor ? { createdAt: String(cursor[0]), id: String(cursor[1]) } : null, limit + 1);
    const counts = await this.messages.queueCounts();
    const result = page(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id]);
    return {
      items: result.items.map(toView),
      nextCursor: result.nextCursor,
      delivery: {
        smtpConfigured: this.transport.configured,
        workerRunning: this.config.outboxWorker && this.transport.configured,
        pending: counts.pending,
        sending: counts.sending,
        dead: counts.dead,
      },
    };
  }

  /** One message with its text; a one-time link shows as hidden (it is a credential for the recipient alone). */
  async get(id: string): Promise<OutboxMessageDetail> {
    const row = await this.messages.detail(id);
    if (!row) throw notFound('Message');
    return {
      ...toView(row),
      bodyText: (row.bodyText ?? '').split(SECRET_LINK).join('[one-time link: hidden, only the recipient receives it]'),
      smtpResponse: row.smtpResponse ?? null,
      hasOneTimeLink: (row.bodyText ?? '').includes(SECRET_LINK),
    };
  }

  /** A dead message goes back to the queue with a fresh attempt budget (its one-time link, if any, is gone). */
  async retry(id: string): Promise<OutboxMessageView> {
    return this.db.transaction(async (em) => {
      const row = await this.messages.lockForRetry(em, id);
      if (!row) throw notFound('Message');
      if (row.status !== 'dead') throw new DomainError(409, 'conflict', `Only a dead message can be retried; this one is ${row.status}`);
      if (row.bodyText.includes(SECRET_LINK)) {
        throw new DomainError(409, 'conflict', 'This message carried a one-time link that was erased when it gave up; ask the person to request a new one');
      }
      const now = this.clock.now();
      await this.messages.requeue(em, id, now);
      await this.audit.record(em, {
        action: 'outbox.retry',
        businessId: null,
        targetType: 'message',
        targetId: id,
        status: 200,
        details: { businessId: row.businessId },
      });
      const updated = await this.messages.detail(id, em);
      return toView(updated!);
    });
  }
}

function toView(r: OutboxSummary): OutboxMessageView {
  return {
    id: r.id,
    business: r.businessId ? { id: r.businessId, name: r.business?.name ?? '' } : null,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    notBefore: new Date(r.notBefore).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
    lastError: r.lastError,
  };
}
