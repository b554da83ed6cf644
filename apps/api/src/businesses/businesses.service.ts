import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OperatorBusinessView, Page } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { isUniqueViolation, normaliseEmail } from './business-users.js';
import { TeamService } from './team.service.js';
import type { BusinessListQuery, CreateBusinessDto, UpdateBusinessDto } from './dto.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import { SupportAccessService } from '../impersonation/support-access.service.js';
import { BusinessSetup } from './business-setup.js';
import { BusinessesRepository, type OperatorBusinessRow } from './businesses.repository.js';

const slugTaken = (): DomainError => new DomainError(409, 'slug_taken', 'Another business already uses this slug');

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
    private readonly repo: BusinessesRepository,
  ) {}

  /** By lower(name), id — keyset on the businesses_name index, never OFFSET. */
  async list(query: BusinessListQuery): Promise<Page<OperatorBusinessView>> {
    const limit = clampLimit(query.limit);
    const cursor = decodeCursor(query.cursor, ['string', 'uuid']);
    const rows = await this.repo.listForOperator(
      { q: query.q?.trim() || undefined, status: query.status, after: cursor ? [String(cursor[0]), String(cursor[1])] : undefined, limit: limit + 1 },
      this.clock.now(),
    );
    const result = page(rows, limit, (r) => [r.nameKey, r.business.id]);
    return { items: result.items.map((r) => this.toView(r)), nextCursor: result.nextCursor };
  }

  async get(businessId: string): Promise<OperatorBusinessView> {
    const row = await this.repo.getForOperator(businessId, this.clock.now());
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
    if (await this.repo.slugInUse(input.slug)) throw slugTaken();

    const businessId = await this.db.transaction(async (em) => {
      let id: string;
      try {
        id = await this.repo.insert(em, { slug: input.slug, name: input.name, timeZone: input.timeZone });
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
      const locked = await this.repo.lock(em, businessId);
      if (!locked) throw notFound('Business');
      const current = { name: locked.name, slug: locked.slug, status: locked.status, timeZone: locked.timeZone };
      const next = {
        name: input.name ?? current.name,
        slug: input.slug ?? current.slug,
        status: input.status ?? current.status,
        timeZone: input.timeZone ?? current.timeZone,
      };
      if (next.slug !== current.slug) {
        if (await this.repo.slugInUse(next.slug, businessId, em)) throw slugTaken();
      }
      try {
        await this.repo.updateIdentity(em, businessId, next, this.clock.now());
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
      await this.audit.record(em, {
        action: 'business.update',
        businessId,
        targetType: 'business',
        targetId: businessId,
        status: 200,
        before: current,
        after: next,
      });
    });
    return this.get(businessId);
  }

  private toView(r: OperatorBusinessRow): OperatorBusinessView {
    return toView(r, this.supportAccess.listState(r.supportGrantedUntil, r.supportLastRequestAt), this.clock.now());
  }
}

function toView(r: OperatorBusinessRow, supportAccess: OperatorBusinessView['supportAccess'], now: Date): OperatorBusinessView {
  const b = r.business;
  const invite = r.owner ? null : r.ownerInvitation;
  return {
    id: b.id,
    slug: b.slug,
    name: b.name,
    status: b.status,
    timeZone: b.timeZone,
    owner: r.owner ? { id: r.owner.id, name: r.owner.name, email: r.owner.email } : null,
    ownerInvitation: invite
      ? {
          name: invite.name,
          email: invite.email,
          invitedAt: invite.createdAt.toISOString(),
          expiresAt: invite.expiresAt.toISOString(),
          expired: invite.expiresAt.getTime() <= now.getTime(),
        }
      : null,
    bookingsToday: r.bookingsToday,
    createdAt: new Date(b.createdAt).toISOString(),
    supportAccess,
  };
}
