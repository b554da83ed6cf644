import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  SUPPORT_ACCESS_DURATION_MS,
  type BusinessSupportAccess,
  type SupportAccessDuration,
  type SupportAccessRequestView,
  type SupportAccessSettings,
} from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../access/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { NoticesService } from '../messages/notices.service.js';
import { SupportAccessRepository, type LiveGrant } from './support-access.repository.js';

/**
 * Support access on the owner's terms. With `SUPPORT_ACCESS=granted` an operator may enter a
 * business only while one of its owners has granted access (for one hour, one day or one week,
 * revocable at any time); every request inside an impersonation re-checks the grant
 * (ImpersonationService.resolveForRequest), so a revoke or the grant running out ends a live visit
 * at the operator's next request. With `open` (the default) operators may always enter and grants,
 * which owners may still make, change nothing.
 *
 * Grants, revokes and requests are audited in the transaction that makes them. The grant is the
 * business's own decision: the route refuses an operator acting inside the business
 * (`membersOnly`), so no one can grant access to themselves.
 */
@Injectable()
export class SupportAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
    private readonly grants: SupportAccessRepository,
  ) {}

  get mode(): AppConfig['supportAccess'] {
    return this.config.supportAccess;
  }

  /** Whether an operator needs a grant to enter (granted mode). */
  get grantRequired(): boolean {
    return this.config.supportAccess === 'granted';
  }

  /** One access request per operator and business within this window (the owners get an e-mail for each). */
  private get requestIntervalMs(): number {
    return this.config.supportAccessRequestIntervalMinutes * 60_000;
  }

  get breakGlassAvailable(): boolean {
    return this.grantRequired && this.config.supportBreakGlass;
  }

  /** The live grant of a business (not revoked, not run out), the one that lasts longest. */
  async liveGrant(businessId: string): Promise<LiveGrant | null> {
    return this.grants.liveGrant(businessId, this.clock.now());
  }

  /**
   * Why a business has no live grant now: its latest grant was revoked, or it ran out. Names the
   * end of a visit that began under a grant (`support_access_revoked` / `support_access_expired`).
   */
  async whyClosed(businessId: string): Promise<'support_access_revoked' | 'support_access_expired'> {
    const latest = await this.grants.latestGrant(businessId);
    return latest?.revokedAt && latest.revokedAt.getTime() < latest.expiresAt.getTime() ? 'support_access_revoked' : 'support_access_expired';
  }

  async settings(businessId: string): Promise<SupportAccessSettings> {
    return this.toSettings(await this.liveGrant(businessId));
  }

  /**
   * Grant for one of the fixed durations from now, replacing any live grant (a grant can be made
   * shorter as well as longer), or revoke (`null`). Revoking when nothing is granted changes nothing
   * and records nothing.
   */
  async update(principal: Principal, businessId: string, duration: SupportAccessDuration | null): Promise<SupportAccessSettings> {
    // Second line behind the route's `membersOnly`: a grant is never made from inside an impersonation.
    if (principal.impersonation || principal.user.kind !== 'business') {
      throw new DomainError(403, 'not_while_impersonating', 'Only the business’s own owners can grant or revoke support access');
    }
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      // One writer per business at a time: two owners clicking at once leave one live grant.
      await this.grants.lockBusiness(em, businessId);
      const live = await this.grants.liveGrant(businessId, now, em);
      if (duration === null) {
        if (!live) return;
        await this.grants.revokeLive(em, businessId, now, principal.user.id);
        await this.audit.record(em, {
          action: 'support_access.revoke',
          businessId,
          targetType: 'support_access_grant',
          targetId: live.grant.id,
          status: 200,
          before: { grantedUntil: live.grant.expiresAt.toISOString() },
          after: { grantedUntil: null },
        });
        return;
      }
      const expiresAt = new Date(now.getTime() + SUPPORT_ACCESS_DURATION_MS[duration]);
      if (live) await this.grants.revokeLive(em, businessId, now, principal.user.id);
      const id = await this.grants.insertGrant(em, { businessId, grantedBy: principal.user.id, grantedAt: now, expiresAt });
      await this.audit.record(em, {
        action: 'support_access.grant',
        businessId,
        targetType: 'support_access_grant',
        targetId: id,
        status: 200,
        before: { grantedUntil: live ? live.grant.expiresAt.toISOString() : null },
        after: { grantedUntil: expiresAt.toISOString() },
        details: { duration, replaced: live?.grant.id ?? null, mode: this.mode },
      });
    });
    return this.settings(businessId);
  }

  /**
   * An operator asks the owners for access, with a reason: an in-app notice and an e-mail to each
   * owner, in the transaction that records (and audits) the request. Refused when there is nothing
   * to ask for (open mode, or a live grant), and throttled per operator and business (SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES).
   */
  async request(principal: Principal, businessId: string, reasonInput: string): Promise<SupportAccessRequestView> {
    const reason = reasonInput.trim();
    if (!reason)
      throw new DomainError(400, 'reason_required', 'Say why you need access: the owners read it', {
        errors: [{ field: 'reason', messages: ['reason is required'] }],
      });
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const business = await this.grants.lockBusiness(em, businessId);
      if (!business) throw notFound('Business');
      if (!this.grantRequired)
        throw new DomainError(409, 'support_access_not_needed', 'Support access is open on this platform: operators may enter without asking');
      const live = await this.grants.liveGrant(businessId, now, em);
      if (live)
        throw new DomainError(409, 'support_access_not_needed', `${business.name} has granted support access until ${live.grant.expiresAt.toISOString()}`);
      const lastAt = await this.grants.lastRequestAt(em, businessId, principal.user.id);
      if (lastAt && this.requestIntervalMs > 0 && now.getTime() - lastAt.getTime() < this.requestIntervalMs) {
        const next = new Date(lastAt.getTime() + this.requestIntervalMs);
        const retryAfterSeconds = Math.max(1, Math.ceil((next.getTime() - now.getTime()) / 1000));
        throw new DomainError(
          429,
          'access_request_throttled',
          `You asked ${business.name} for access at ${lastAt.toISOString()}; you can ask again after ${next.toISOString()}`,
          { retryAfterSeconds },
          { 'retry-after': String(retryAfterSeconds) },
        );
      }
      const id = await this.grants.insertRequest(em, { businessId, operatorId: principal.user.id, reason, createdAt: now });
      await this.notices.supportAccessRequested(em, {
        businessId,
        operator: { id: principal.user.id, name: principal.user.name, email: principal.user.email },
        reason,
      });
      await this.audit.record(em, {
        action: 'support_access.request',
        businessId,
        targetType: 'support_access_request',
        targetId: id,
        status: 201,
        details: { reason },
      });
      return { id, businessId, reason, createdAt: now.toISOString(), nextAllowedAt: new Date(now.getTime() + this.requestIntervalMs).toISOString() };
    });
  }

  /** The business list's column, from the grant's end and the last request the list query read. */
  listState(grantedUntil: Date | null, lastRequestAt: Date | null): BusinessSupportAccess {
    const last = lastRequestAt ? new Date(lastRequestAt).toISOString() : null;
    if (!this.grantRequired) return { state: 'open', grantedUntil: null, breakGlassAvailable: false, lastRequestAt: last };
    if (grantedUntil) return { state: 'granted', grantedUntil: new Date(grantedUntil).toISOString(), breakGlassAvailable: false, lastRequestAt: last };
    return { state: 'closed', grantedUntil: null, breakGlassAvailable: this.breakGlassAvailable, lastRequestAt: last };
  }

  private toSettings(live: LiveGrant | null): SupportAccessSettings {
    return {
      mode: this.mode,
      grantedUntil: live ? live.grant.expiresAt.toISOString() : null,
      grantedAt: live ? live.grant.grantedAt.toISOString() : null,
      grantedBy: live ? { id: live.grant.grantedBy, name: live.grantedByName } : null,
      breakGlassAvailable: this.breakGlassAvailable,
    };
  }
}
