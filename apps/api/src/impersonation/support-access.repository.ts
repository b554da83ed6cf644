import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { User } from '../auth/user.entity.js';
import { Business } from '../businesses/business.entity.js';
import { SupportAccessGrant, SupportAccessRequest } from './support-access.entity.js';

/** A live grant and the name of the owner who made it. */
export interface LiveGrant {
  grant: SupportAccessGrant;
  grantedByName: string;
}

/**
 * The one reader and writer of `support_access_grants` and `support_access_requests`
 * (docs/ARCHITECTURE.md §4). Methods take the caller's EntityManager when they belong to its transaction.
 */
@Injectable()
export class SupportAccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  /**
   * For the session guard's one statement (SessionsRepository.loadLive): a boolean expression, true
   * while `businessId` (an SQL expression) has a live grant at `now` (a timestamptz parameter).
   */
  liveGrantExpression(businessId: string, now: string): string {
    const meta = this.db.getMetadata(SupportAccessGrant);
    const c = (property: keyof SupportAccessGrant) => `g.${meta.findColumnWithPropertyName(property)!.databaseName}`;
    return `EXISTS (SELECT 1 FROM ${meta.tablePath} g WHERE ${c('businessId')} = ${businessId} AND ${c('revokedAt')} IS NULL AND ${c('expiresAt')} > ${now}::timestamptz)`;
  }

  /** The live grant of a business (not revoked, not run out), the one that lasts longest. */
  async liveGrant(businessId: string, now: Date, em?: EntityManager): Promise<LiveGrant | null> {
    const { entities, raw } = await this.manager(em)
      .getRepository(SupportAccessGrant)
      .createQueryBuilder('g')
      .innerJoin(User, 'u', 'u.id = g.grantedBy')
      .addSelect('u.name', 'granted_by_name')
      .where('g.businessId = :businessId AND g.revokedAt IS NULL AND g.expiresAt > :now', { businessId, now })
      .orderBy('g.expiresAt', 'DESC')
      .limit(1)
      .getRawAndEntities<{ granted_by_name: string }>();
    return entities[0] ? { grant: entities[0], grantedByName: raw[0]!.granted_by_name } : null;
  }

  /** The business's most recent grant, live or not. */
  async latestGrant(businessId: string): Promise<SupportAccessGrant | null> {
    return this.db.getRepository(SupportAccessGrant).findOne({ where: { businessId }, order: { grantedAt: 'DESC', id: 'DESC' } });
  }

  /** One writer per business at a time: locks the business's row for the caller's transaction. */
  async lockBusiness(em: EntityManager, businessId: string): Promise<Pick<Business, 'id' | 'name'> | null> {
    return em
      .getRepository(Business)
      .createQueryBuilder('b')
      .select(['b.id', 'b.name'])
      .where('b.id = :businessId', { businessId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Revokes the business's live grants. */
  async revokeLive(em: EntityManager, businessId: string, now: Date, by: string): Promise<void> {
    await em.getRepository(SupportAccessGrant).update({ businessId, revokedAt: IsNull(), expiresAt: MoreThan(now) }, { revokedAt: now, revokedBy: by });
  }

  async insertGrant(em: EntityManager, grant: Pick<SupportAccessGrant, 'businessId' | 'grantedBy' | 'grantedAt' | 'expiresAt'>): Promise<string> {
    const result = await em.getRepository(SupportAccessGrant).insert(grant);
    return (result.identifiers[0] as { id: string }).id;
  }

  /** When this operator last asked this business for access. */
  async lastRequestAt(em: EntityManager, businessId: string, operatorId: string): Promise<Date | null> {
    const last = await em
      .getRepository(SupportAccessRequest)
      .findOne({ select: { createdAt: true }, where: { businessId, operatorId }, order: { createdAt: 'DESC' } });
    return last?.createdAt ?? null;
  }

  async insertRequest(em: EntityManager, request: Pick<SupportAccessRequest, 'businessId' | 'operatorId' | 'reason' | 'createdAt'>): Promise<string> {
    const result = await em.getRepository(SupportAccessRequest).insert(request);
    return (result.identifiers[0] as { id: string }).id;
  }
}
