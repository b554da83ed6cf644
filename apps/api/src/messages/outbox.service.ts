import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutboxMessageDetail, OutboxMessageView, OutboxPage, OutboxStatus } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { returnedRows } from '../common/sql.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailTransport } from './mail-transport.js';
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

interface OutboxRow {
  id: string;
  business_id: string | null;
  business_name: string | null;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  not_before: Date;
  created_at: Date;
  sent_at: Date | null;
  last_error: string | null;
  body_text?: string;
  smtp_response?: string | null;
  secret?: string | null;
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
  ) {
    this.box = new SecretBox(config.jwtSecret);
  }

  async enqueue(em: EntityManager, message: NewMessage): Promise<string> {
    if (message.secretLink && !(message.text.includes(SECRET_LINK) && message.html.includes(SECRET_LINK))) {
      throw new Error(`outbox: a ${message.kind} message carries a one-time link but its template never places it`);
    }
    const now = this.clock.now();
    const [{ id }] = await em.query(
      `INSERT INTO outbox_messages (business_id, kind, recipient, from_name, reply_to, subject, body_text, body_html, secret, subject_ref,
         status, attempts, not_before, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $12, $12) RETURNING id`,
      [
        message.businessId ?? null,
        message.kind,
        message.to.trim().toLowerCase(),
        message.fromName?.slice(0, 200) ?? null,
        message.replyTo ?? null,
        message.subject.slice(0, 500),
        message.text,
        message.html,
        message.secretLink ? this.box.seal(message.secretLink) : null,
        message.subjectRef ?? null,
        message.notBefore ?? now,
        now,
      ],
    );
    return id;
  }

  /** Cancels what still waits about `subjectRef` (a reminder for a booking that moved or was cancelled). */
  async cancelPending(em: EntityManager, businessId: string, subjectRef: string, kind: string): Promise<number> {
    const rows = returnedRows(await em.query(
      `UPDATE outbox_messages SET status = 'cancelled', secret = NULL, claimed_by = NULL, updated_at = $4
        WHERE subject_ref = $2 AND business_id = $1 AND kind = $3 AND status = 'pending' RETURNING id`,
      [businessId, subjectRef, kind, this.clock.now()],
    ));
    return rows.length;
  }

  async list(query: { status?: OutboxStatus; limit?: number; cursor?: string }): Promise<OutboxPage> {
    const limit = clampLimit(query.limit);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.status) where.push(`m.status = ${param(query.status)}`);
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) where.push(`(m.created_at, m.id) < (${param(String(cursor[0]))}::timestamptz, ${param(cursor[1])}::uuid)`);
    const rows: OutboxRow[] = await this.db.query(
      `SELECT m.id, m.business_id, b.name AS business_name, m.kind, m.recipient, m.subject, m.status, m.attempts, m.not_before,
              m.created_at, m.sent_at, m.last_error
         FROM outbox_messages m LEFT JOIN businesses b ON b.id = m.business_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const [counts]: { pending: number; sending: number; dead: number }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'sending')::int AS sending,
              count(*) FILTER (WHERE status = 'dead')::int AS dead
         FROM outbox_messages WHERE status IN ('pending', 'sending', 'dead')`,
    );
    const result = page(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
    return {
      items: result.items.map(toView),
      nextCursor: result.nextCursor,
      delivery: {
        smtpConfigured: this.transport.configured,
        workerRunning: this.config.outboxWorker && this.transport.configured,
        pending: counts?.pending ?? 0,
        sending: counts?.sending ?? 0,
        dead: counts?.dead ?? 0,
      },
    };
  }

  /** One message with its text; a one-time link shows as hidden (it is a credential for the recipient alone). */
  async get(id: string): Promise<OutboxMessageDetail> {
    const [row]: OutboxRow[] = await this.db.query(
      `SELECT m.id, m.business_id, b.name AS business_name, m.kind, m.recipient, m.subject, m.status, m.attempts, m.not_before,
              m.created_at, m.sent_at, m.last_error, m.body_text, m.smtp_response, m.secret
         FROM outbox_messages m LEFT JOIN businesses b ON b.id = m.business_id WHERE m.id = $1`,
      [id],
    );
    if (!row) throw notFound('Message');
    return {
      ...toView(row),
      bodyText: (row.body_text ?? '').split(SECRET_LINK).join('[one-time link: hidden, only the recipient receives it]'),
      smtpResponse: row.smtp_response ?? null,
      hasOneTimeLink: (row.body_text ?? '').includes(SECRET_LINK),
    };
  }

  /** A dead message goes back to the queue with a fresh attempt budget (its one-time link, if any, is gone). */
  async retry(id: string): Promise<OutboxMessageView> {
    return this.db.transaction(async (em) => {
      const [row]: { status: OutboxStatus; body_text: string; business_id: string | null }[] = await em.query(
        `SELECT status, body_text, business_id FROM outbox_messages WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw notFound('Message');
      if (row.status !== 'dead') throw new DomainError(409, 'conflict', `Only a dead message can be retried; this one is ${row.status}`);
      if (row.body_text.includes(SECRET_LINK)) {
        throw new DomainError(409, 'conflict', 'This message carried a one-time link that was erased when it gave up; ask the person to request a new one');
      }
      const now = this.clock.now();
      await em.query(`UPDATE outbox_messages SET status = 'pending', attempts = 0, not_before = $2, last_error = NULL, updated_at = $2 WHERE id = $1`, [id, now]);
      await this.audit.record(em, { action: 'outbox.retry', businessId: null, targetType: 'message', targetId: id, status: 200, details: { businessId: row.business_id } });
      const [updated]: OutboxRow[] = await em.query(
        `SELECT m.id, m.business_id, b.name AS business_name, m.kind, m.recipient, m.subject, m.status, m.attempts, m.not_before,
                m.created_at, m.sent_at, m.last_error
           FROM outbox_messages m LEFT JOIN businesses b ON b.id = m.business_id WHERE m.id = $1`,
        [id],
      );
      return toView(updated!);
    });
  }
}

function toView(r: OutboxRow): OutboxMessageView {
  return {
    id: r.id,
    business: r.business_id ? { id: r.business_id, name: r.business_name ?? '' } : null,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    notBefore: new Date(r.not_before).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    lastError: r.last_error,
  };
}
