import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { BusinessRole, BusinessStatus, SetupStep } from '#contracts';
import { User } from '../auth/user.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { containsPattern } from '../common/sql.js';
import { SupportAccessGrant, SupportAccessRequest } from '../impersonation/support-access.entity.js';
import { Business } from './business.entity.js';
import { Membership } from './membership.entity.js';
import { TeamInvitation } from './team-invitation.entity.js';

/** One business as the operator's list shows it: the row and what the list adds to it. */
export interface OperatorBusinessRow {
  business: Business;
  /** lower(name): the list's keyset. */
  nameKey: string;
  owner: Pick<User, 'id' | 'name' | 'email'> | null;
  ownerInvitation: Pick<TeamInvitation, 'name' | 'email' | 'createdAt' | 'expiresAt'> | null;
  bookingsToday: number;
  supportGrantedUntil: Date | null;
  supportLastRequestAt: Date | null;
}

/** A member of a business, with the person's name and e-mail. */
export interface MemberRow {
  membership: Membership;
  name: User['name'];
  email: User['email'];
}

export interface BusinessListFilter {
  /** Part of the name or slug, case-insensitive. */
  q?: string;
  status?: BusinessStatus;
  /** The keyset after which the page starts: [lower(name), id]. */
  after?: [string, string];
  limit: number;
}

/** The columns a business's owners change in the general settings. */
export type GeneralColumns = Pick<Business, 'name' | 'timeZone' | 'currency' | 'contactEmail' | 'contactPhone'>;
export type BrandingColumns = Pick<Business, 'primaryColor' | 'logoUrl'>;
export type BookingRulesColumns = Pick<Business, 'onlineBookingEnabled' | 'minNoticeMinutes' | 'bookingHorizonDays' | 'cancellationWindowHours'>;
/** What the operator changes (PATCH /businesses/:id). */
export type IdentityColumns = Pick<Business, 'name' | 'slug' | 'status' | 'timeZone'>;

/** The raw columns the operator view adds to the business's own (named by the aliases of operatorView). */
interface OperatorViewExtras {
  name_key: string;
  owner_id: User['id'] | null;
  owner_name: User['name'] | null;
  owner_email: User['email'] | null;
  invite_name: TeamInvitation['name'] | null;
  invite_email: TeamInvitation['email'] | null;
  invite_created_at: TeamInvitation['createdAt'] | string | null;
  invite_expires_at: TeamInvitation['expiresAt'] | string | null;
  bookings_today: number | string;
  support_granted_until: SupportAccessGrant['expiresAt'] | string | null;
  support_last_request_at: SupportAccessRequest['createdAt'] | string | null;
}
const dateOrNull = (v: Date | string | null | undefined): Date | null => (v === null || v === undefined ? null : new Date(v));

/**
 * The one reader and writer of `businesses`, `memberships` and `team_invitations` (the entities are
 * their description). Settings (settings/) write the business's settings columns through the
 * methods here, and the schedule module confirms the opening hours through `confirmHours`. Methods
 * take the caller's EntityManager when they belong to its transaction.
 */
@Injectable()
export class BusinessesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  // ---- businesses ------------------------------------------------------------------------------

  /**
   * The operator's view of businesses in one statement. `owner` is the earliest owner membership;
   * while none has joined, `ownerInvitation` is the newest open owner invitation. `bookingsToday`
   * counts live bookings between the business's own local midnights of `now` (a range on
   * starts_at, so the (business_id, starts_at) index answers it, DST days included). The
   * support-access columns (the live grant's end, the last access request) are index lookups by business.
   */
  private operatorView(now: Date): SelectQueryBuilder<Business> {
    const qb = this.db.getRepository(Business).createQueryBuilder('b');
    const firstOwner = qb
      .subQuery()
      .select('m.userId')
      .from(Membership, 'm')
      .where(`m.businessId = b.id AND m.role = 'owner'`)
      .orderBy('m.createdAt')
      .addOrderBy('m.userId')
      .limit(1)
      .getQuery();
    const ownerInvitation = qb
      .subQuery()
      .select('ti.id')
      .from(TeamInvitation, 'ti')
      .where(`ti.businessId = b.id AND ti.role = 'owner' AND ti.acceptedAt IS NULL AND ti.revokedAt IS NULL`)
      .orderBy('ti.createdAt', 'DESC')
      .addOrderBy('ti.id')
      .limit(1)
      .getQuery();
    return qb
      .leftJoin(User, 'o', `o.id = ${firstOwner}`)
      .leftJoin(TeamInvitation, 'i', `i.businessId = b.id AND o.id IS NULL AND i.id = ${ownerInvitation}`)
      .addSelect('lower(b.name)', 'name_key')
      .addSelect('o.id', 'owner_id')
      .addSelect('o.name', 'owner_name')
      .addSelect('o.email', 'owner_email')
      .addSelect('i.name', 'invite_name')
      .addSelect('i.email', 'invite_email')
      .addSelect('i.createdAt', 'invite_created_at')
      .addSelect('i.expiresAt', 'invite_expires_at')
      .addSelect(
        (sub) =>
          sub
            .select('count(*)::int')
            .from(Booking, 'bk')
            .where(`bk.businessId = b.id AND bk.status <> 'cancelled'`)
            .andWhere(`bk.startsAt >= local_period_start(:now::timestamptz, b.time_zone, 'day')`)
            .andWhere(`bk.startsAt < local_period_end(:now::timestamptz, b.time_zone, 'day')`),
        'bookings_today',
      )
      .addSelect(
        (sub) =>
          sub.select('max(g.expiresAt)').from(SupportAccessGrant, 'g').where('g.businessId = b.id AND g.revokedAt IS NULL AND g.expiresAt > :now::timestamptz'),
        'support_granted_until',
      )
      .addSelect((sub) => sub.select('max(r.createdAt)').from(SupportAccessRequest, 'r').where('r.businessId = b.id'), 'support_last_request_at')
      .setParameter('now', now);
  }

  /** By lower(name), id: keyset on the businesses_name index, never OFFSET; `limit` rows at most. */
  async listForOperator(filter: BusinessListFilter, now: Date): Promise<OperatorBusinessRow[]> {
    const qb = this.operatorView(now);
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      qb.andWhere(new Brackets((w) => w.where(`b.name ILIKE :pattern ESCAPE '\\'`).orWhere(`b.slug ILIKE :pattern ESCAPE '\\'`)), { pattern });
    }
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    if (filter.after) qb.andWhere('(lower(b.name), b.id) > (:afterKey, :afterId::uuid)', { afterKey: filter.after[0], afterId: filter.after[1] });
    qb.orderBy('lower(b.name)').addOrderBy('b.id').limit(filter.limit);
    return this.toOperatorRows(qb);
  }

  async getForOperator(businessId: string, now: Date): Promise<OperatorBusinessRow | null> {
    const [row] = await this.toOperatorRows(this.operatorView(now).where('b.id = :businessId', { businessId }));
    return row ?? null;
  }

  private async toOperatorRows(qb: SelectQueryBuilder<Business>): Promise<OperatorBusinessRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<OperatorViewExtras>();
    return entities.map((business, i) => {
      const r = raw[i]!;
      return {
        business,
        nameKey: r.name_key,
        owner: r.owner_id ? { id: r.owner_id, name: r.owner_name!, email: r.owner_email! } : null,
        ownerInvitation: r.invite_email
          ? { name: r.invite_name!, email: r.invite_email, createdAt: new Date(r.invite_created_at!), expiresAt: new Date(r.invite_expires_at!) }
          : null,
        bookingsToday: Number(r.bookings_today),
        supportGrantedUntil: dateOrNull(r.support_granted_until),
        supportLastRequestAt: dateOrNull(r.support_last_request_at),
      };
    });
  }

  async find(businessId: string, em?: EntityManager): Promise<Business | null> {
    return this.manager(em)
      .getRepository(Business)
      .findOne({ where: { id: businessId } });
  }

  /** The business's row, locked for the caller's transaction (one writer of its settings at a time). */
  async lock(em: EntityManager, businessId: string): Promise<Business | null> {
    return em.getRepository(Business).createQueryBuilder('b').where('b.id = :businessId', { businessId }).setLock('pessimistic_write').getOne();
  }

  /** Whether another business (than `exceptId`) already uses the slug. */
  async slugInUse(slug: string, exceptId?: string, em?: EntityManager): Promise<boolean> {
    const qb = this.manager(em).getRepository(Business).createQueryBuilder('b').where('b.slug = :slug', { slug });
    if (exceptId) qb.andWhere('b.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  /**
   * A new, active business, its settings at their defaults unless given (the demo seed gives
   * them); a taken slug fails with the unique violation.
   */
  async insert(
    em: EntityManager,
    values: Pick<Business, 'slug' | 'name' | 'timeZone'> & Partial<GeneralColumns & BrandingColumns & BookingRulesColumns & Pick<Business, 'hoursConfirmedAt'>>,
  ): Promise<string> {
    const result = await em.getRepository(Business).insert({ ...values, status: 'active' });
    return (result.identifiers[0] as { id: string }).id;
  }

  /** Only the operator: name, slug, status, time zone. */
  async updateIdentity(em: EntityManager, businessId: string, values: IdentityColumns, now: Date): Promise<void> {
    await this.write(em, businessId, values, now);
  }

  async updateGeneral(em: EntityManager, businessId: string, values: GeneralColumns, now: Date): Promise<void> {
    await this.write(em, businessId, values, now);
  }

  async updateBranding(em: EntityManager, businessId: string, values: BrandingColumns, now: Date): Promise<void> {
    await this.write(em, businessId, values, now);
  }

  async updateBookingRules(em: EntityManager, businessId: string, values: BookingRulesColumns, now: Date): Promise<void> {
    await this.write(em, businessId, values, now);
  }

  /** The served URL of the business's current logo, or null once it is removed. */
  async setLogoUrl(em: EntityManager, businessId: string, logoUrl: string | null, now: Date): Promise<void> {
    await this.write(em, businessId, { logoUrl }, now);
  }

  /** An owner saved the opening hours: the setup checklist's hours step counts from now on. */
  async confirmHours(em: EntityManager, businessId: string, at: Date): Promise<void> {
    await em
      .getRepository(Business)
      .createQueryBuilder()
      .update()
      .set({ hoursConfirmedAt: at })
      .where('id = :businessId', { businessId })
      .updateEntity(false)
      .execute();
  }

  private async write(em: EntityManager, businessId: string, values: Partial<Business>, now: Date): Promise<void> {
    await em
      .getRepository(Business)
      .createQueryBuilder()
      .update()
      .set({ ...values, updatedAt: now })
      .where('id = :businessId', { businessId })
      .updateEntity(false)
      .execute();
  }

  /**
   * What the setup checklist reads, in one statement: opening hours saved once (and some exist), an
   * active service and resource, a second person (joined or invited: the first owner's own open
   * invitation is not a team), a colour or a logo. Null when the business does not exist.
   */
  async setupState(businessId: string): Promise<Record<SetupStep, boolean> | null> {
    const [row] = await this.db.query(
      `SELECT (b.hours_confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM opening_hours WHERE business_id = b.id)) AS hours,
              EXISTS (SELECT 1 FROM services WHERE business_id = b.id AND active) AS services,
              EXISTS (SELECT 1 FROM resources WHERE business_id = b.id AND active) AS resources,
              (SELECT count(*) FROM memberships WHERE business_id = b.id)
                + (SELECT count(*) FROM team_invitations WHERE business_id = b.id AND accepted_at IS NULL AND revoked_at IS NULL) > 1 AS team,
              (b.primary_color IS NOT NULL OR b.logo_url IS NOT NULL) AS branding
         FROM businesses b WHERE b.id = $1`,
      [businessId],
    );
    return row ?? null;
  }

  // ---- memberships -----------------------------------------------------------------------------

  private members(em?: EntityManager): SelectQueryBuilder<Membership> {
    return this.manager(em)
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .addSelect('u.name', 'user_name')
      .addSelect('u.email', 'user_email');
  }

  private async toMemberRows(qb: SelectQueryBuilder<Membership>): Promise<MemberRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ user_name: User['name']; user_email: User['email'] }>();
    return entities.map((membership, i) => ({ membership, name: raw[i]!.user_name, email: raw[i]!.user_email }));
  }

  /** Owners first (the role's text order), then by name. */
  async listMembers(businessId: string): Promise<MemberRow[]> {
    return this.toMemberRows(
      this.members().where('m.businessId = :businessId', { businessId }).orderBy('m.role').addOrderBy('lower(u.name)').addOrderBy('m.userId'),
    );
  }

  async member(em: EntityManager, businessId: string, userId: string): Promise<MemberRow | null> {
    const [row] = await this.toMemberRows(this.members(em).where('m.businessId = :businessId AND m.userId = :userId', { businessId, userId }));
    return row ?? null;
  }

  async isMemberByEmail(em: EntityManager, businessId: string, email: string): Promise<boolean> {
    return em
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.userId')
      .where('m.businessId = :businessId AND u.email = :email', { businessId, email })
      .getExists();
  }

  /** SELECT … FOR UPDATE on every membership of the business (the owner count cannot change under the caller). */
  async lockMemberships(em: EntityManager, businessId: string): Promise<Membership[]> {
    return em.getRepository(Membership).createQueryBuilder('m').where('m.businessId = :businessId', { businessId }).setLock('pessimistic_write').getMany();
  }

  /** Adds the membership unless the person already has one here (then nothing changes). */
  async addMembership(em: EntityManager, values: Pick<Membership, 'businessId' | 'userId' | 'role'> & { createdAt?: Date }): Promise<void> {
    await em.createQueryBuilder().insert().into(Membership).values(values).orIgnore().updateEntity(false).execute();
  }

  async setRole(em: EntityManager, businessId: string, userId: string, role: BusinessRole): Promise<void> {
    await em.getRepository(Membership).update({ businessId, userId }, { role });
  }

  async removeMembership(em: EntityManager, businessId: string, userId: string): Promise<void> {
    await em.getRepository(Membership).delete({ businessId, userId });
  }

  // ---- team invitations ------------------------------------------------------------------------

  /** Revokes the open invitations for an address; answers their ids. */
  async revokeOpenInvitationsFor(em: EntityManager, businessId: string, email: string, now: Date): Promise<string[]> {
    const result = await em
      .getRepository(TeamInvitation)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now })
      .where('business_id = :businessId AND email = :email AND accepted_at IS NULL AND revoked_at IS NULL', { businessId, email })
      .returning(['id'])
      .updateEntity(false)
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  async insertInvitation(em: EntityManager, values: Omit<TeamInvitation, 'acceptedAt' | 'acceptedUserId' | 'revokedAt'>): Promise<void> {
    await em.getRepository(TeamInvitation).insert(values);
  }

  /** Open ones (neither accepted nor revoked; run-out ones included), newest first. */
  async openInvitations(businessId: string): Promise<TeamInvitation[]> {
    return this.db
      .getRepository(TeamInvitation)
      .find({ where: { businessId, acceptedAt: IsNull(), revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async lockOpenInvitation(em: EntityManager, businessId: string, id: string): Promise<TeamInvitation | null> {
    return em
      .getRepository(TeamInvitation)
      .findOne({ where: { businessId, id, acceptedAt: IsNull(), revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  /** The invitation a link names, whatever its state; `lock` takes its row for the caller's transaction. */
  async invitation(em: EntityManager | undefined, businessId: string, id: string, lock: boolean): Promise<TeamInvitation | null> {
    return this.manager(em)
      .getRepository(TeamInvitation)
      .findOne({ where: { businessId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async revokeInvitation(em: EntityManager, businessId: string, id: string, now: Date): Promise<void> {
    await em.getRepository(TeamInvitation).update({ businessId, id }, { revokedAt: now });
  }

  async markInvitationAccepted(em: EntityManager, businessId: string, id: string, now: Date, userId: string): Promise<void> {
    await em.getRepository(TeamInvitation).update({ businessId, id }, { acceptedAt: now, acceptedUserId: userId });
  }
}
