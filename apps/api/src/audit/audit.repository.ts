import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { User } from '../auth/user.entity.js';
import { Business } from '../businesses/business.entity.js';
import { Impersonation } from '../impersonation/impersonation.entity.js';
import { containsPattern, prefixUpperBound } from '../common/sql.js';
import { AuditAnonymousCount } from './audit-anonymous-count.entity.js';
import { AuditEvent, PLATFORM_CHAIN_BUSINESS_ID } from './audit-event.entity.js';

/**
 * The one statement that appends an audit row (the chain trigger takes the chain's lock and fills
 * chain_key, chain_seq, prev_hash, hash and occurred_at). chain_business_id is named here, not left
 * to the trigger: a sharded database routes the insert by it before any trigger runs
 * (docs/SCALING.md). Plain SQL, one round trip inside the write's own transaction: the audited
 * write's hot path. Its parameters are AUDIT_INSERT_COLUMNS in order. Exported for the bench's bare
 * ceiling route.
 */
const AUDIT_INSERT_INTO = `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, request_id, actor_id, actor_kind, impersonation_id, business_id,
        action, target_type, target_id, outcome, method, path, status, ip, user_agent, changes, details, upstream_request_id, chain_business_id)`;
/** One row's VALUES tuple, its parameters from $(at+1). */
const auditValues = (at: number): string => {
  const n = (k: number) => `$${at + k}`;
  return `('', 0, '', ${n(1)}, ${n(2)}, ${n(3)}, ${n(4)}, ${n(5)}, ${n(6)}, ${n(7)}, ${n(8)}, ${n(9)}, ${n(10)}, ${n(11)}, ${n(12)}, ${n(13)}, ${n(14)}, ${n(15)}, ${n(16)}::jsonb, ${n(17)}::jsonb, ${n(18)}, coalesce(${n(6)}::uuid, '${PLATFORM_CHAIN_BUSINESS_ID}'::uuid))`;
};
export const AUDIT_INSERT_SQL = `${AUDIT_INSERT_INTO}
      VALUES ${auditValues(0)}`;

/** What a writer gives for one audit row: the entity's own fields, less what the chain trigger fills. */
export type NewAuditEvent = Pick<
  AuditEvent,
  | 'occurredAt'
  | 'requestId'
  | 'actorId'
  | 'actorKind'
  | 'impersonationId'
  | 'businessId'
  | 'action'
  | 'targetType'
  | 'targetId'
  | 'outcome'
  | 'method'
  | 'path'
  | 'status'
  | 'ip'
  | 'userAgent'
  | 'changes'
  | 'details'
  | 'upstreamRequestId'
>;

/** AUDIT_INSERT_SQL's parameters, $1 … $18. */
const AUDIT_INSERT_COLUMNS = [
  'occurredAt',
  'requestId',
  'actorId',
  'actorKind',
  'impersonationId',
  'businessId',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'method',
  'path',
  'status',
  'ip',
  'userAgent',
  'changes',
  'details',
  'upstreamRequestId',
] as const satisfies readonly (keyof NewAuditEvent)[];

/** AUDIT_INSERT_SQL's parameters for one row (jsonb as its text). */
function paramsOf(row: NewAuditEvent): unknown[] {
  return AUDIT_INSERT_COLUMNS.map((c) => {
    const value = row[c];
    return (c === 'changes' || c === 'details') && value !== null ? JSON.stringify(value) : value;
  });
}

/** An audit row with its actor and business as they are now (left joins: either may be absent). */
export type AuditEventRow = AuditEvent & { actor: User | null; business: Business | null };

/** One visit to a business from the platform, with its operator. */
export type VisitRow = Impersonation & { operator: User };

/** A counter of anonymous refusals, as folded (AnonymousEvents). */
export type AnonymousCountRow = AuditAnonymousCount;

/** The audit search's filters, as the repository applies them (the service validates the cursor). */
export interface AuditSearch {
  actorId?: string;
  businessId?: string;
  impersonationId?: string;
  /** An action prefix. */
  action?: string;
  outcome?: string;
  /** Free text, trimmed and not empty: the actor's name or e-mail, the target id, or the request path. */
  q?: string;
  from?: Date;
  to?: Date;
  asc: boolean;
  /** Leave out GET rows. */
  hideViews: boolean;
  /** Keyset: rows after this id in the list's order. */
  afterId?: string;
  take: number;
}

const UPSERT_ANONYMOUS = `INSERT INTO audit_anonymous_counts AS c (bucket, scope, action, outcome, status, code, ip, target, count, chained, first_at, last_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)
  ON CONFLICT (bucket, scope, action, outcome, status, code, ip, target)
  DO UPDATE SET count = c.count + 1, chained = c.chained + EXCLUDED.chained, last_at = greatest(c.last_at, EXCLUDED.last_at)
  RETURNING count`;

/**
 * The one reader and writer of the audit module's tables (`audit_events`, `audit_anonymous_counts`).
 * Plain SQL where it is right for speed or atomicity (the chain insert, the counters' upsert, the
 * fold's delete-and-return, the names lookup across tenant tables); TypeORM's query builder for the
 * dynamic searches. Methods take the caller's EntityManager to run inside its transaction.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends one row (the chain trigger links and hashes it). */
  async append(manager: EntityManager | null, row: NewAuditEvent): Promise<void> {
    await (manager ?? this.db.manager).query(AUDIT_INSERT_SQL, paramsOf(row));
  }

  /**
   * Appends several rows in one statement (one round trip), in the order given: the chain trigger
   * runs per row and sees the rows before it in the same statement. Callers order the rows by chain
   * so two such statements take the chains' tail locks in one order.
   */
  async appendAll(manager: EntityManager | null, rows: NewAuditEvent[]): Promise<void> {
    if (rows.length === 0) return;
    const width = AUDIT_INSERT_COLUMNS.length;
    const values = rows.map((_, i) => auditValues(i * width));
    await (manager ?? this.db.manager).query(`${AUDIT_INSERT_INTO} VALUES ${values.join(', ')}`, rows.flatMap(paramsOf));
  }

  /** The operator's search: newest (or oldest) first by id, `take` rows. */
  async search(s: AuditSearch): Promise<AuditEventRow[]> {
    const qb = this.withPeople(this.db.createQueryBuilder(AuditEvent, 'e'));
    if (s.actorId) qb.andWhere('e.actorId = :actorId', { actorId: s.actorId });
    if (s.businessId) qb.andWhere('e.businessId = :businessId', { businessId: s.businessId });
    if (s.impersonationId) qb.andWhere('e.impersonationId = :impersonationId', { impersonationId: s.impersonationId });
    if (s.action) {
      // The prefix as a range in code-point order, served by audit_events_action_prefix.
      qb.andWhere('e.action COLLATE "C" >= :actionFrom', { actionFrom: s.action });
      const upper = prefixUpperBound(s.action);
      if (upper !== null) qb.andWhere('e.action COLLATE "C" < :actionBelow', { actionBelow: upper });
    }
    if (s.outcome) qb.andWhere('e.outcome = :outcome', { outcome: s.outcome });
    if (s.hideViews) qb.andWhere(`e.method IS DISTINCT FROM 'GET'`);
    if (s.q) {
      const pattern = containsPattern(s.q);
      // The matching actors first, from the small users table: every branch is then a condition on
      // audit_events itself with real values, so the planner ORs the actor index with the trigram
      // indexes instead of walking the whole trail newest-first in search of rare matches.
      const actors = await this.db
        .createQueryBuilder(User, 'u')
        .select('u.id')
        .where(`u.name ILIKE :pattern ESCAPE '\\' OR u.email ILIKE :pattern ESCAPE '\\'`, { pattern })
        .getMany();
      qb.andWhere(
        new Brackets((or) => {
          if (actors.length > 0) or.orWhere('e.actorId IN (:...actors)', { actors: actors.map((a) => a.id) });
          or.orWhere(`e.targetId ILIKE :pattern ESCAPE '\\'`, { pattern }).orWhere(`e.path ILIKE :pattern ESCAPE '\\'`, { pattern });
        }),
      );
    }
    if (s.from) qb.andWhere('e.occurredAt >= :from', { from: s.from });
    if (s.to) qb.andWhere('e.occurredAt < :to', { to: s.to });
    if (s.afterId !== undefined) qb.andWhere(s.asc ? 'e.id > CAST(:afterId AS bigint)' : 'e.id < CAST(:afterId AS bigint)', { afterId: s.afterId });
    return qb
      .orderBy('e.id', s.asc ? 'ASC' : 'DESC')
      .limit(s.take)
      .getMany() as Promise<AuditEventRow[]>;
  }

  /** This business's `action` rows (the platform views), newest first, with their operator. */
  async businessRowsOf(businessId: string, action: string, beforeId: string | undefined, take: number): Promise<(AuditEvent & { actor: User | null })[]> {
    const qb = this.db
      .createQueryBuilder(AuditEvent, 'e')
      .leftJoinAndMapOne('e.actor', User, 'u', 'u.id = e.actorId')
      .where('e.businessId = :businessId', { businessId })
      .andWhere('e.action = :action', { action });
    if (beforeId !== undefined) qb.andWhere('e.id < CAST(:beforeId AS bigint)', { beforeId });
    return qb.orderBy('e.id', 'DESC').limit(take).getMany() as Promise<(AuditEvent & { actor: User | null })[]>;
  }

  /** This business's visits from the platform, newest first (keyset on started_at, id). */
  async visits(businessId: string, before: { startedAt: Date; id: string } | null, take: number): Promise<VisitRow[]> {
    const qb = this.db
      .createQueryBuilder(Impersonation, 'i')
      .innerJoinAndMapOne('i.operator', User, 'u', 'u.id = i.operatorId')
      .where('i.businessId = :businessId', { businessId });
    if (before) qb.andWhere('(i.startedAt, i.id) < (:beforeAt, :beforeId)', { beforeAt: before.startedAt, beforeId: before.id });
    return qb.orderBy('i.startedAt', 'DESC').addOrderBy('i.id', 'DESC').limit(take).getMany() as Promise<VisitRow[]>;
  }

  /**
   * What these visits did in this business, oldest first: its writes (and with `reads` its GETs),
   * at most `perVisit` rows of each visit (a long visit's reads are a story of their own).
   */
  async visitEvents(businessId: string, impersonationIds: string[], reads: boolean, perVisit: number): Promise<AuditEventRow[]> {
    const methods = reads ? ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'] : ['POST', 'PUT', 'PATCH', 'DELETE'];
    const ranked = this.db
      .createQueryBuilder()
      .subQuery()
      .select('x.id', 'id')
      .addSelect('row_number() OVER (PARTITION BY x.impersonation_id ORDER BY x.id)', 'n')
      .from(AuditEvent, 'x')
      .where('x.businessId = :businessId')
      .andWhere('x.impersonationId IN (:...visits)')
      .andWhere(`x.action NOT LIKE 'impersonation.%'`)
      .andWhere('x.method IN (:...methods)')
      .getQuery();
    return this.withPeople(this.db.createQueryBuilder(AuditEvent, 'e'))
      .where('e.businessId = :businessId')
      .andWhere(`e.id IN (SELECT y.id FROM ${ranked} y WHERE y.n <= :perVisit)`)
      .setParameters({ businessId, visits: impersonationIds, methods, perVisit })
      .orderBy('e.id', 'ASC')
      .getMany() as Promise<AuditEventRow[]>;
  }

  /** People's names by id (platform-wide). */
  async peopleNames(ids: string[]): Promise<Pick<User, 'id' | 'name'>[]> {
    if (!ids.length) return [];
    return this.db.createQueryBuilder(User, 'u').select(['u.id', 'u.name']).where('u.id IN (:...ids)', { ids }).getMany();
  }

  /**
   * Names of services, resources, customers, bookings and businesses by (business, id), as they
   * are named now; a pair only ever finds its own business's record. One round trip over the
   * tenant tables (read-only here; each is its module's).
   */
  async recordNames(pairs: { businessId: string; id: string }[]): Promise<{ businessId: string; id: string; name: string }[]> {
    if (!pairs.length) return [];
    const keys = `(SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS k(business_id, id))`;
    return this.db.query(
      `SELECT s.business_id::text AS "businessId", s.id::text AS id, s.name FROM services s JOIN ${keys} k ON k.business_id = s.business_id AND k.id = s.id
       UNION ALL SELECT r.business_id::text, r.id::text, r.name FROM resources r JOIN ${keys} k ON k.business_id = r.business_id AND k.id = r.id
       UNION ALL SELECT c.business_id::text, c.id::text, c.name FROM customers c JOIN ${keys} k ON k.business_id = c.business_id AND k.id = c.id
       UNION ALL SELECT bk.business_id::text, bk.id::text, c.name || ' · ' || s.name
                   FROM bookings bk JOIN ${keys} k ON k.business_id = bk.business_id AND k.id = bk.id
                   JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
                   JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
       UNION ALL SELECT b.id::text, b.id::text, b.name FROM businesses b JOIN ${keys} k ON k.business_id = b.id AND k.id = b.id`,
      [pairs.map((p) => p.businessId), pairs.map((p) => p.id)],
    );
  }

  /** Counts one anonymous event in its (bucket, scope, …) counter; the count after it. */
  async countAnonymous(row: Omit<AuditAnonymousCount, 'count' | 'firstAt' | 'lastAt'> & { at: Date }): Promise<number> {
    const [counted]: Pick<AuditAnonymousCount, 'count'>[] = await this.db.query(UPSERT_ANONYMOUS, [
      row.bucket,
      row.scope,
      row.action,
      row.outcome,
      row.status,
      row.code,
      row.ip,
      row.target,
      row.chained,
      row.at,
    ]);
    return Number(counted!.count);
  }

  /**
   * Deletes and returns every counter of a minute before `cutoff`, inside the fold's transaction
   * (so a minute is summarised once even when replicas fold at the same time), ordered by minute,
   * action, outcome, busiest first.
   */
  async takeAnonymousCounts(em: EntityManager, cutoff: Date): Promise<AnonymousCountRow[]> {
    const columns = em.connection
      .getMetadata(AuditAnonymousCount)
      .columns.map((c) => `${c.databaseName} AS "${c.propertyName}"`)
      .join(', ');
    // (A CTE, so the driver returns the deleted rows themselves rather than a row count.)
    return em.query(
      `WITH gone AS (DELETE FROM audit_anonymous_counts WHERE bucket < $1 RETURNING *)
       SELECT ${columns} FROM gone ORDER BY bucket, action, outcome, count DESC`,
      [cutoff],
    );
  }

  /** The audit row's actor and business, each as one left join mapped onto the row. */
  private withPeople(qb: SelectQueryBuilder<AuditEvent>): SelectQueryBuilder<AuditEvent> {
    return qb.leftJoinAndMapOne('e.actor', User, 'u', 'u.id = e.actorId').leftJoinAndMapOne('e.business', Business, 'b', 'b.id = e.businessId');
  }
}
