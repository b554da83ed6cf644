import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BusinessStatus, OperatorBusinessView, Page } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { isUniqueViolation, normaliseEmail } from './business-users.js';
import { TeamService } from './team.service.js';
import type { BusinessListQuery, CreateBusinessDto, UpdateBusinessDto } from './dto.js';
import { containsPattern } from '../common/sql.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import { SupportAccessService } from '../impersonation/support-access.service.js';
import { BusinessSetup } from './business-setup.js';

const slugTaken = (): DomainError => new DomainError(409, 'slug_taken', 'Another business already uses this slug');

interface BusinessRow {
  id: string;
  slug: string;
  name: string;
  name_key: string;
  status: BusinessStatus;
  time_zone: string;
  created_at: Date;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  invite_name: string | null;
  invite_email: string | null;
  invite_created_at: Date | null;
  invite_expires_at: Date | null;
  bookings_today: number;
  support_granted_until: Date | null;
  support_last_request_at: Date | null;
}

/**
 * One SELECT for the operator's view of businesses. `owner` is the earliest owner membership;
 * `bookingsToday` counts live bookings between the business's own local midnights of the instant $1
 * (a range on starts_at, so the (business_id, starts_at) index answers it, DST days included). A
 * zone the database cannot read counts 0 for that business and fails nothing else. The support-access
 * columns (the live grant's end, the last access request) are index lookups by business.
 */
const VIEW_SELECT = `
  SELECT b.id, b.slug, b.name, lower(b.name) AS name_key, b.status, b.time_zone, b.created_at,
         o.id AS owner_id, o.name AS owner_name, o.email AS owner_email,
         i.name AS invite_name, i.email AS invite_email, i.created_at AS invite_created_at, i.expires_at AS invite_expires_at,
         (SELECT count(*)::int FROM bookings bk
           WHERE bk.business_id = b.id AND bk.status <> 'cancelled'
             AND bk.starts_at >= local_period_start($1::timestamptz, b.time_zone, 'day')
             AND bk.starts_at < local_period_end($1::timestamptz, b.time_zone, 'day')
         ) AS bookings_today,
         (SELECT max(g.expires_at) FROM support_access_grants g
           WHERE g.business_id = b.id AND g.revoked_at IS NULL AND g.expires_at > $1::timestamptz) AS support_granted_until,
         (SELECT max(r.created_at) FROM support_access_requests r WHERE r.business_id = b.id) AS support_last_request_at
    FROM businesses b
    LEFT JOIN LATERAL (
      SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.business_id = b.id AND m.role = 'owner'
       ORDER BY m.created_at, m.user_id LIMIT 1
    ) o ON true
    LEFT JOIN LATERAL (
      SELECT ti.name, ti.email, ti.created_at, ti.expires_at FROM team_invitations ti
       WHERE ti.business_id = b.id AND ti.role = 'owner' AND ti.accepted_at IS NULL AND ti.revoked_at IS NULL AND o.id IS NULL
       ORDER BY ti.created_at DESC, ti.id LIMIT 1
    ) i ON true`;

/** Businesses as the platform operator manages them: list, create (with the first owner), rename, suspend. */
@Injectable()
export class BusinessesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZones: TimeZoneCatalog,
    private readonly supportAccess: SupportAccessService,
    private readonly team: TeamService,
    private readonly context: ImpersonationContext,
    private readonly setup: BusinessSetup,
  ) {}

  /** By lower(name), id — keyset on the businesses_name index, never OFFSET. */
  async list(query: BusinessListQuery): Promise<Page<OperatorBusinessView>> {
    const limit = clampLimit(query.limit);
    const params: unknown[] = [this.clock.now()];
    const where: string[] = [];
    const add = (sql: (...refs: string[]) => string, ...values: unknown[]) => {
      const refs = values.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      where.push(sql(...refs));
    };
    if (query.q?.trim()) {
      const pattern = containsPattern(query.q.trim());
      add((p) => `(b.name ILIKE ${p} ESCAPE '\\' OR b.slug ILIKE ${p} ESCAPE '\\')`, pattern);
    }
    if (query.status) add((p) => `b.status = ${p}`, query.status);
    const cursor = decodeCursor(query.cursor, ['string', 'uuid']);
    if (cursor) add((k, id) => `(lower(b.name), b.id) > (${k}, ${id}::uuid)`, cursor[0], cursor[1]);
    params.push(limit + 1);
    const rows: BusinessRow[] = await this.db.query(
      `${VIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY lower(b.name), b.id LIMIT $${params.length}`,
      params,
    );
    const result = page(rows, limit, (r) => [r.name_key, r.id]);
    return { items: result.items.map((r) => this.toView(r)), nextCursor: result.nextCursor };
  }

  async get(businessId: string): Promise<OperatorBusinessView> {
    const now = this.clock.now();
    const [row]: BusinessRow[] = await this.db.query(`${VIEW_SELECT} WHERE b.id = $2`, [now, businessId]);
    if (!row) throw notFound('Business');
    return this.toView(row);
  }

  /**
   * The business, default opening hours, the first owner's invitation (its message carrying the link)
   * and the audit rows commit together or not at all. Nobody types the owner's password: the owner
   * chooses it from the invitation, or, holding an account already, accepts with their own, so the
   * operator's answer is the same whether or not the address has an account (nothing is learnt from
   * it). The modules ranked above businesses add their parts (the schedule's default opening hours)
   * through the BusinessSetup steps, in the same transaction, so a new business is never half-made.
   */
  async create(input: CreateBusinessDto): Promise<OperatorBusinessView> {
    await this.timeZones.assertStorable(input.timeZone);
    const email = normaliseEmail(input.owner.email);
    const [slugRow] = await this.db.query(`SELECT 1 FROM businesses WHERE slug = $1`, [input.slug]);
    if (slugRow) throw slugTaken();

    const businessId = await this.db.transaction(async (em) => {
      let id: string;
      try {
        [{ id }] = await em.query(`INSERT INTO businesses (slug, name, time_zone, status) VALUES ($1, $2, $3, 'active') RETURNING id`, [
          input.slug,
          input.name,
          input.timeZone,
        ]);
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
      // The other modules' parts of a new business (the schedule's default opening hours).
      const setUp = await this.setup.run(em, { id, timeZone: input.timeZone });
      const operator = this.context.require().user;
      const invitation = await this.team.writeInvitation(em, id, { name: input.owner.name, email, role: 'owner' }, `${operator.name} from the platform team`);
      await this.audit.record(em, {
        action: 'business.create',
        businessId: id,
        targetType: 'business',
        targetId: id,
        status: 201,
        after: { name: input.name, slug: input.slug, timeZone: input.timeZone, status: 'active' },
        details: { ownerInvitation: { id: invitation.id, name: input.owner.name, email }, ...setUp },
      });
      await this.audit.record(em, {
        action: 'team.invite',
        businessId: id,
        targetType: 'invitation',
        targetId: invitation.id,
        status: 201,
        after: { name: input.owner.name, email, role: 'owner' },
      });
      return id;
    });
    return this.get(businessId);
  }

  /** Rename, re-slug, suspend or reactivate. Only the fields sent change; the audit row holds before/after of those that did. */
  async update(businessId: string, input: UpdateBusinessDto): Promise<OperatorBusinessView> {
    if (input.timeZone !== undefined) await this.timeZones.assertStorable(input.timeZone);
    await this.db.transaction(async (em) => {
      const [current]: { name: string; slug: string; status: BusinessStatus; timeZone: string }[] = await em.query(
        `SELECT name, slug, status, time_zone AS "timeZone" FROM businesses WHERE id = $1 FOR UPDATE`,
        [businessId],
      );
      if (!current) throw notFound('Business');
      const next = {
        name: input.name ?? current.name,
        slug: input.slug ?? current.slug,
        status: input.status ?? current.status,
        timeZone: input.timeZone ?? current.timeZone,
      };
      if (next.slug !== current.slug) {
        const [taken] = await em.query(`SELECT 1 FROM businesses WHERE slug = $1 AND id <> $2`, [next.slug, businessId]);
        if (taken) throw slugTaken();
      }
      try {
        await em.query(`UPDATE businesses SET name = $2, slug = $3, status = $4, time_zone = $5, updated_at = $6 WHERE id = $1`, [
          businessId,
          next.name,
          next.slug,
          next.status,
          next.timeZone,
          this.clock.now(),
        ]);
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
      await this.audit.record(em, { action: 'business.update', businessId, targetType: 'business', targetId: businessId, status: 200, before: current, after: next });
    });
    return this.get(businessId);
  }

  private toView(r: BusinessRow): OperatorBusinessView {
    return toView(r, this.supportAccess.listState(r.support_granted_until, r.support_last_request_at), this.clock.now());
  }
}

function toView(r: BusinessRow, supportAccess: OperatorBusinessView['supportAccess'], now: Date): OperatorBusinessView {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status,
    timeZone: r.time_zone,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name!, email: r.owner_email! } : null,
    ownerInvitation:
      !r.owner_id && r.invite_email
        ? {
            name: r.invite_name!,
            email: r.invite_email,
            invitedAt: new Date(r.invite_created_at!).toISOString(),
            expiresAt: new Date(r.invite_expires_at!).toISOString(),
            expired: new Date(r.invite_expires_at!).getTime() <= now.getTime(),
          }
        : null,
    bookingsToday: Number(r.bookings_today),
    createdAt: new Date(r.created_at).toISOString(),
    supportAccess,
  };
}
