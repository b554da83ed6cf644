import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { OutboxStatus } from '#contracts';
import { User } from '../auth/user.entity.js';
import { Business } from '../businesses/business.entity.js';
import { Membership } from '../businesses/membership.entity.js';
import { Notice } from './notice.entity.js';
import { OutboxMessage } from './outbox-message.entity.js';

/** The fields of a message the operators' list shows (not its bodies or sealed link). */
const SUMMARY = [
  'id',
  'businessId',
  'kind',
  'recipient',
  'subject',
  'status',
  'attempts',
  'notBefore',
  'createdAt',
  'sentAt',
  'lastError',
] as const satisfies readonly (keyof OutboxMessage)[];
/** … and what one message's page adds. */
const DETAIL = [...SUMMARY, 'bodyText', 'smtpResponse', 'secret'] as const satisfies readonly (keyof OutboxMessage)[];
/** What the worker needs to deliver a claimed message. */
const CLAIMED = [
  'id',
  'kind',
  'recipient',
  'fromName',
  'replyTo',
  'subject',
  'bodyText',
  'bodyHtml',
  'secret',
  'attempts',
  'createdAt',
] as const satisfies readonly (keyof OutboxMessage)[];

export type OutboxSummary = Pick<OutboxMessage, (typeof SUMMARY)[number]> & { business: Pick<Business, 'id' | 'name'> | null };
export type OutboxDetail = Pick<OutboxMessage, (typeof DETAIL)[number]> & { business: Pick<Business, 'id' | 'name'> | null };
export type ClaimedMessage = Pick<OutboxMessage, (typeof CLAIMED)[number]>;
export type NewOutboxMessage = Pick<
  OutboxMessage,
  'businessId' | 'kind' | 'recipient' | 'fromName' | 'replyTo' | 'subject' | 'bodyText' | 'bodyHtml' | 'secret' | 'subjectRef' | 'notBefore' | 'createdAt'
>;
export type NoticeRow = Notice & { business: Pick<Business, 'id' | 'slug' | 'name'> };

/**
 * The one reader and writer of the messages module's tables (`outbox_messages`, `notices`), through
 * their entities. Plain SQL only for the worker's claim (`FOR UPDATE SKIP LOCKED` in one statement).
 * Writes that belong to an event take the event's EntityManager, so they commit or roll back with it.
 */
@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ——— outbox ———

  async enqueue(em: EntityManager, message: NewOutboxMessage): Promise<string> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({ ...message, status: 'pending', attempts: 0, updatedAt: message.createdAt })
      .returning('id')
      .updateEntity(false)
      .execute();
    return (result.raw as { id: string }[])[0]!.id;
  }

  /** Cancels what still waits about `subjectRef`; how many. */
  async cancelPending(em: EntityManager, businessId: string, subjectRef: string, kind: string, now: Date): Promise<number> {
    const result = await em
      .getRepository(OutboxMessage)
      .update({ subjectRef, businessId, kind, status: 'pending' }, { status: 'cancelled', secret: null, claimedBy: null, updatedAt: now });
    return result.affected ?? 0;
  }

  /** Newest first (keyset on created_at, id), with the sending business's name. */
  async page(status: OutboxStatus | undefined, before: { createdAt: string; id: string } | null, take: number): Promise<OutboxSummary[]> {
    const qb = this.db
      .createQueryBuilder(OutboxMessage, 'm')
      .leftJoinAndMapOne('m.business', Business, 'b', 'b.id = m.businessId')
      .select([...SUMMARY.map((f) => `m.${f}`), 'b.id', 'b.name']);
    if (status) qb.andWhere('m.status = :status', { status });
    if (before)
      qb.andWhere('(m.createdAt, m.id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS uuid))', { beforeAt: before.createdAt, beforeId: before.id });
    return (await qb.orderBy('m.createdAt', 'DESC').addOrderBy('m.id', 'DESC').limit(take).getMany()) as unknown as OutboxSummary[];
  }

  /** How many wait, are being sent, and gave up. */
  async queueCounts(): Promise<{ pending: number; sending: number; dead: number }> {
    const counts = await this.db
      .createQueryBuilder(OutboxMessage, 'm')
      .select(`count(*) FILTER (WHERE m.status = 'pending')::int`, 'pending')
      .addSelect(`count(*) FILTER (WHERE m.status = 'sending')::int`, 'sending')
      .addSelect(`count(*) FILTER (WHERE m.status = 'dead')::int`, 'dead')
      .where('m.status IN (:...statuses)', { statuses: ['pending', 'sending', 'dead'] })
      .getRawOne<{ pending: number; sending: number; dead: number }>();
    return { pending: counts?.pending ?? 0, sending: counts?.sending ?? 0, dead: counts?.dead ?? 0 };
  }

  async detail(id: string, em: EntityManager = this.db.manager): Promise<OutboxDetail | null> {
    return em
      .createQueryBuilder(OutboxMessage, 'm')
      .leftJoinAndMapOne('m.business', Business, 'b', 'b.id = m.businessId')
      .select([...DETAIL.map((f) => `m.${f}`), 'b.id', 'b.name'])
      .where('m.id = :id', { id })
      .getOne() as Promise<OutboxDetail | null>;
  }

  /** The message, locked for the caller's transaction (a retry). */
  async lockForRetry(em: EntityManager, id: string): Promise<Pick<OutboxMessage, 'status' | 'bodyText' | 'businessId'> | null> {
    return em
      .getRepository(OutboxMessage)
      .findOne({ select: { id: true, status: true, bodyText: true, businessId: true }, where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A dead message back in the queue with a fresh attempt budget. */
  async requeue(em: EntityManager, id: string, now: Date): Promise<void> {
    await em.getRepository(OutboxMessage).update({ id }, { status: 'pending', attempts: 0, notBefore: now, lastError: null, updatedAt: now });
  }

  /**
   * Claims up to `batch` due messages for `claim` in one statement: `FOR UPDATE SKIP LOCKED`, so
   * two workers never claim the same row; marks them `sending` and pushes not_before to `leaseEnd`.
   */
  async claim(claim: string, now: Date, leaseEnd: Date, batch: number): Promise<ClaimedMessage[]> {
    const columns = this.returning(CLAIMED);
    // (A CTE, so the driver returns the updated rows themselves rather than a row count.)
    return this.db.query(
      `WITH claimed AS (
         UPDATE outbox_messages m SET status = 'sending', attempts = m.attempts + 1, claimed_by = $1, not_before = $2, updated_at = $3
          WHERE m.id IN (
            SELECT id FROM outbox_messages
             WHERE status IN ('pending', 'sending') AND not_before <= $3
             ORDER BY not_before, id LIMIT $4
             FOR UPDATE SKIP LOCKED)
          RETURNING m.*)
       SELECT ${columns} FROM claimed`,
      [claim, leaseEnd, now, batch],
    );
  }

  /** Renews one claimed row's lease; false when the claim is no longer ours. */
  async renew(id: string, claim: string, leaseEnd: Date): Promise<boolean> {
    const result = await this.db.getRepository(OutboxMessage).update({ id, claimedBy: claim, status: 'sending' }, { notBefore: leaseEnd });
    return (result.affected ?? 0) > 0;
  }

  /** Hands the unsent rest of a claim back at once (shutting down). */
  async handBack(claim: string, now: Date): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ status: 'pending', attempts: () => 'greatest(attempts - 1, 0)', claimedBy: null, notBefore: now, updatedAt: now })
      .where({ claimedBy: claim, status: 'sending' })
      .execute();
  }

  /** The outcome of one delivery, only while the claim is still ours. */
  async settle(
    id: string,
    claim: string,
    outcome: Partial<Pick<OutboxMessage, 'status' | 'sentAt' | 'secret' | 'smtpResponse' | 'lastError' | 'notBefore'>>,
    now: Date,
  ): Promise<void> {
    await this.db.getRepository(OutboxMessage).update({ id, claimedBy: claim, status: 'sending' }, { ...outcome, claimedBy: null, updatedAt: now });
  }

  // ——— notices ———

  async addNotice(em: EntityManager, notice: Pick<Notice, 'businessId' | 'kind' | 'impersonationId' | 'facts' | 'createdAt'>): Promise<void> {
    await em.createQueryBuilder().insert().into(Notice).values(notice).updateEntity(false).execute();
  }

  /** The open notices of one business, newest first (at most `take`). */
  async openNoticesOf(businessId: string, take: number): Promise<NoticeRow[]> {
    return this.notices()
      .where('n.businessId = :businessId', { businessId })
      .andWhere('n.dismissedAt IS NULL')
      .orderBy('n.createdAt', 'DESC')
      .limit(take)
      .getMany() as Promise<NoticeRow[]>;
  }

  /** The open notices of every active business this user owns, newest first (at most `take`). */
  async openNoticesForOwner(userId: string, take: number): Promise<NoticeRow[]> {
    return this.notices()
      .innerJoin(Membership, 'ms', `ms.businessId = n.businessId AND ms.userId = :userId AND ms.role = 'owner'`, { userId })
      .where('n.dismissedAt IS NULL')
      .andWhere(`b.status = 'active'`)
      .orderBy('n.createdAt', 'DESC')
      .limit(take)
      .getMany() as Promise<NoticeRow[]>;
  }

  /** An open notice of a business this user owns, locked for the caller's transaction. */
  async lockOwnersNotice(em: EntityManager, noticeId: string, userId: string): Promise<Pick<Notice, 'businessId' | 'kind'> | null> {
    return em
      .createQueryBuilder(Notice, 'n')
      .select(['n.businessId', 'n.id', 'n.kind'])
      .innerJoin(Membership, 'ms', `ms.businessId = n.businessId AND ms.userId = :userId AND ms.role = 'owner'`, { userId })
      .where('n.id = :noticeId', { noticeId })
      .andWhere('n.dismissedAt IS NULL')
      .setLock('pessimistic_write', undefined, ['n'])
      .getOne();
  }

  /** Dismisses an open notice; false when it was not open. */
  async dismissNotice(em: EntityManager, businessId: string, id: string, by: string, now: Date): Promise<boolean> {
    const result = await em.getRepository(Notice).update({ businessId, id, dismissedAt: IsNull() }, { dismissedAt: now, dismissedBy: by });
    return (result.affected ?? 0) > 0;
  }

  /** The e-mail addresses of a business's enabled owners (who get its notices by mail). */
  async ownerEmails(em: EntityManager, businessId: string): Promise<string[]> {
    const owners = await em
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.email'])
      .innerJoin(Membership, 'ms', 'ms.userId = u.id')
      .where('ms.businessId = :businessId', { businessId })
      .andWhere(`ms.role = 'owner'`)
      .andWhere('u.disabledAt IS NULL')
      .orderBy('u.email')
      .getMany();
    return owners.map((o) => o.email);
  }

  private notices() {
    return this.db
      .createQueryBuilder(Notice, 'n')
      .innerJoinAndMapOne('n.business', Business, 'b', 'b.id = n.businessId')
      .select(['n', 'b.id', 'b.slug', 'b.name']);
  }

  /** `column AS "property"` for each field: rows of a raw statement shaped like the entity. */
  private returning(fields: readonly (keyof OutboxMessage)[]): string {
    const meta = this.db.getMetadata(OutboxMessage);
    return fields.map((f) => `${meta.findColumnWithPropertyName(f)!.databaseName} AS "${f}"`).join(', ');
  }
}
