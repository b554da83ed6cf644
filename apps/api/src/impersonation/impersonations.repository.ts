import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { ImpersonationEndReason } from '#contracts';
import { Business } from '../businesses/business.entity.js';
import { Impersonation } from './impersonation.entity.js';

/** How often a live impersonation's `last_seen_at` moves on busy pages (idle tracking needs no finer grain). */
export const IMPERSONATION_TOUCH_MS = 10_000;

/**
 * The one reader and writer of `impersonations` (docs/ARCHITECTURE.md §4). Methods take the caller's
 * EntityManager when they belong to its transaction.
 */
@Injectable()
export class ImpersonationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The data-modifying part of the session guard's one statement (SessionsRepository.loadLive): the
   * session's live impersonation, if it belongs to the operator, counts this request as activity
   * and has not run past either limit, moves its `last_seen_at` to now at most every
   * IMPERSONATION_TOUCH_MS. Written here because this module owns the table. Parameters: `session`
   * (uuid), `operator` (uuid), `now` (timestamptz), `activity` (boolean), `idleMs` (number).
   * Returns `last_seen_at` when it moved.
   */
  touchLiveStatement(p: { session: string; operator: string; now: string; activity: string; idleMs: string }): string {
    const meta = this.db.getMetadata(Impersonation);
    const m = (property: keyof Impersonation) => meta.findColumnWithPropertyName(property)!.databaseName;
    return `UPDATE ${meta.tablePath} SET ${m('lastSeenAt')} = ${p.now}::timestamptz
       WHERE ${m('authSessionId')} = ${p.session}::uuid AND ${m('endedAt')} IS NULL AND ${m('operatorId')} = ${p.operator}::uuid AND ${p.activity}::boolean
         AND ${m('lastSeenAt')} <= ${p.now}::timestamptz - interval '${IMPERSONATION_TOUCH_MS} milliseconds'
         AND ${m('lastSeenAt')} > ${p.now}::timestamptz - ${p.idleMs}::int * interval '1 millisecond'
         AND ${m('expiresAt')} > ${p.now}::timestamptz
       RETURNING ${m('lastSeenAt')}`;
  }

  private repo(em?: EntityManager) {
    return (em ?? this.db.manager).getRepository(Impersonation);
  }

  async live(sessionId: string, em?: EntityManager): Promise<Impersonation | null> {
    return this.repo(em).findOneBy({ authSessionId: sessionId, endedAt: IsNull() });
  }

  async liveOf(operatorId: string): Promise<Impersonation[]> {
    return this.repo().findBy({ operatorId, endedAt: IsNull() });
  }

  /** The session's most recent impersonation (a live one first: PostgreSQL sorts NULL first when descending). */
  async latestOf(sessionId: string): Promise<Impersonation | null> {
    return this.repo().findOne({ where: { authSessionId: sessionId }, order: { endedAt: 'DESC' } });
  }

  async create(em: EntityManager, row: Omit<Impersonation, 'id'>): Promise<Impersonation> {
    return this.repo(em).save(row);
  }

  /** Moves a live impersonation's idle clock; false when it has ended. */
  async touch(em: EntityManager, id: string, at: Date): Promise<boolean> {
    return Boolean((await this.repo(em).update({ id, endedAt: IsNull() }, { lastSeenAt: at })).affected);
  }

  /** Ends a live impersonation; false when someone else ended it first. */
  async end(em: EntityManager, id: string, at: Date, reason: ImpersonationEndReason): Promise<boolean> {
    return Boolean((await this.repo(em).update({ id, endedAt: IsNull() }, { endedAt: at, endReason: reason })).affected);
  }

  /** The business an impersonation enters (read through its entity: the businesses module ranks above this one). */
  async business(id: string): Promise<Business | null> {
    return this.db.getRepository(Business).findOneBy({ id });
  }
}
