import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  businessDashboardPath,
  OPERATOR_BUSINESSES,
  validateReturnTo,
  type BusinessRole,
  type ExtendImpersonationResponse,
  type ImpersonationEndReason,
  type ImpersonationLimit,
  type ImpersonationView,
  type StartImpersonationResponse,
} from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import type { ActiveImpersonation, Principal } from '../access/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Business } from '../businesses/business.entity.js';
import type { Impersonation } from './impersonation.entity.js';
import { NoticesService } from '../messages/notices.service.js';
import { SupportAccessService } from './support-access.service.js';
import { RequestContext } from '../access/request-context.js';
import { ImpersonationsRepository } from './impersonations.repository.js';

/** A session's live impersonation as the session guard's one statement found it (SessionsRepository.loadLive). */
export interface LoadedImpersonation {
  row: Impersonation;
  business: ActiveImpersonation['business'];
  /** Granted mode, entered under a grant: whether the business still grants access; null otherwise. */
  grantLive: boolean | null;
  /** When the statement moved the idle clock (the request counts as activity), else null. */
  touchedAt: Date | null;
}

export interface StartImpersonationInput {
  businessId: string;
  role?: BusinessRole;
  readOnly?: boolean;
  reason?: string;
  returnTo?: string;
  entryPoint?: string;
  breakGlass?: boolean;
}

/**
 * The impersonation lifecycle (docs/ARCHITECTURE.md §4). The row in `impersonations` is the only truth about
 * whether a session impersonates; every request re-reads it (SessionGuard → resolveForRequest).
 */
@Injectable()
export class ImpersonationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
    private readonly supportAccess: SupportAccessService,
    private readonly request: RequestContext,
    private readonly impersonations: ImpersonationsRepository,
  ) {}

  private get idleMs(): number {
    return this.config.impersonationIdleMinutes * 60_000;
  }

  /**
   * The session's live impersonation (loaded, and its idle clock moved, by the session guard's one
   * statement), checked against its absolute and idle limits and, in granted mode, the owner's
   * grant. An expired one is ended (`expired`) and the request refused with 403
   * `impersonation_expired`: it never falls back silently to the operator's own view.
   */
  async resolveForRequest(loaded: LoadedImpersonation, operatorId: string, userKind: string): Promise<ActiveImpersonation> {
    const { row, business } = loaded;
    if (userKind !== 'operator' || row.operatorId !== operatorId) {
      await this.endRow(row, 'revoked');
      throw new DomainError(403, 'impersonation_expired', 'This impersonation is no longer valid');
    }
    const now = this.clock.now().getTime();
    if (now >= row.expiresAt.getTime() || now - row.lastSeenAt.getTime() >= this.idleMs) {
      const limit: ImpersonationLimit = now >= row.expiresAt.getTime() ? 'absolute' : 'idle';
      await this.endRow(row, 'expired', { limit });
      throw this.expiredError(business, limit);
    }
    // Granted mode: the owner's grant is re-read on every request, so a revoke, or the grant running
    // out, ends the visit at the operator's next request. A break-glass entry never had a grant.
    if (this.supportAccess.grantRequired && !row.breakGlass && loaded.grantLive !== true) {
      const limit = await this.supportAccess.whyClosed(row.businessId);
      await this.endRow(row, limit);
      throw this.expiredError(business, limit);
    }
    // Idle tracking moves at most every IMPERSONATION_TOUCH_MS, and session polling (GET /auth/me
    // from an open tab) is not activity: it would keep an abandoned impersonation alive.
    return toActive(loaded.touchedAt ? { ...row, lastSeenAt: loaded.touchedAt } : row, business);
  }

  async start(principal: Principal, input: StartImpersonationInput): Promise<StartImpersonationResponse> {
    if (principal.user.kind !== 'operator') throw new DomainError(403, 'operator_only', 'Only platform operators can impersonate');
    const business = await this.impersonations.business(input.businessId);
    if (!business) throw new DomainError(404, 'not_found', 'Business was not found');
    // A refusal below (no grant, break-glass off) is audited by the problem filter: under this business.
    this.request.setBusiness(business.id);
    let redirectTo = businessDashboardPath(business.slug);
    if (input.returnTo !== undefined && input.returnTo !== null) {
      const verdict = validateReturnTo(input.returnTo, business.slug);
      if (!verdict.ok) {
        throw new DomainError(400, 'invalid_return_to', `returnTo was refused: ${verdict.reason}`, {
          errors: [{ field: 'returnTo', messages: [verdict.reason] }],
        });
      }
      redirectTo = verdict.path;
    }
    const now = this.clock.now();
    const request = this.request.meta;
    const meta = {
      role: input.role ?? 'owner',
      readOnly: input.readOnly ?? false,
      reason: input.reason?.trim() || null,
      entryPoint: input.entryPoint ?? 'api',
    };
    if (this.config.impersonationReasonRequired && !meta.reason) {
      throw new DomainError(400, 'reason_required', 'A reason is required to enter a business (it is shown to its owners)', {
        errors: [{ field: 'reason', messages: ['reason is required'] }],
      });
    }
    const breakGlass = input.breakGlass === true;
    if (breakGlass) {
      if (!this.supportAccess.breakGlassAvailable) {
        throw new DomainError(403, 'break_glass_disabled', 'Emergency (break-glass) entry is not allowed on this platform (SUPPORT_BREAK_GLASS)');
      }
      if (!meta.reason) {
        throw new DomainError(400, 'reason_required', 'An emergency entry needs a reason: the owners are told at once and read it', {
          errors: [{ field: 'reason', messages: ['reason is required'] }],
        });
      }
    } else if (this.supportAccess.grantRequired && !(await this.supportAccess.liveGrant(business.id))) {
      throw new DomainError(
        403,
        'support_access_required',
        `${business.name} has not granted support access: ask its owners to grant it${this.supportAccess.breakGlassAvailable ? ', or use an emergency (break-glass) entry with a reason' : ''}`,
      );
    }
    const created = await this.db.transaction(async (em) => {
      const previous = await this.impersonations.live(principal.sessionId, em);
      if (previous) await this.endRow(previous, 'switched', undefined, em);
      const row = await this.impersonations.create(em, {
        operatorId: principal.user.id,
        authSessionId: principal.sessionId,
        businessId: business.id,
        role: meta.role,
        readOnly: meta.readOnly,
        reason: meta.reason,
        entryPoint: meta.entryPoint,
        breakGlass,
        startedAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.impersonationTtlMinutes * 60_000),
        endedAt: null,
        endReason: null,
        ip: request?.ip ?? null,
        userAgent: request?.userAgent?.slice(0, 500) ?? null,
      });
      await this.audit.record(em, {
        action: 'impersonation.start',
        businessId: business.id,
        impersonationId: row.id,
        targetType: 'business',
        targetId: business.id,
        status: 201,
        details: { ...meta, breakGlass, redirectTo, switchedFrom: previous?.id ?? null, expiresAt: row.expiresAt.toISOString() },
      });
      if (breakGlass) {
        await this.audit.record(em, {
          action: 'support_access.break_glass',
          businessId: business.id,
          impersonationId: row.id,
          targetType: 'business',
          targetId: business.id,
          status: 201,
          details: { reason: meta.reason, role: meta.role, readOnly: meta.readOnly },
        });
      }
      // The business always knows: its owners' notice and e-mails commit with the impersonation.
      await this.notices.impersonationStarted(em, {
        businessId: business.id,
        impersonationId: row.id,
        operator: { id: principal.user.id, name: principal.user.name, email: principal.user.email },
        startedAt: now,
        role: meta.role,
        readOnly: meta.readOnly,
        reason: meta.reason,
        breakGlass,
      });
      return row;
    });
    return { impersonation: toView(toActive(created, business), this.idleMs), redirectTo };
  }

  /**
   * "Stay in the business": the idle limit restarts now. The absolute limit stays where it was:
   * moving it would let one reason cover an open-ended visit, so past it the operator starts a new
   * impersonation (with a new reason, audited as its own start).
   */
  async extend(principal: Principal): Promise<ExtendImpersonationResponse> {
    const active = principal.impersonation;
    if (!active) throw new DomainError(409, 'not_impersonating', 'There is no impersonation to extend');
    const now = this.clock.now();
    const updated = await this.db.transaction(async (em) => {
      if (!(await this.impersonations.touch(em, active.id, now))) throw new DomainError(409, 'not_impersonating', 'There is no impersonation to extend');
      const view = toView({ ...active, lastSeenAt: now }, this.idleMs);
      await this.audit.record(em, {
        action: 'impersonation.extend',
        businessId: active.business.id,
        impersonationId: active.id,
        targetType: 'business',
        targetId: active.business.id,
        status: 200,
        details: { idleExpiresAt: view.idleExpiresAt, expiresAt: view.expiresAt },
      });
      return view;
    });
    return { impersonation: updated };
  }

  /**
   * 403 `impersonation_expired`, naming the business and the limit that ended it, so the admin can
   * say what happened ("Acme Hair: idle for 15 minutes") rather than only that something did.
   */
  expiredError(business: Pick<Business, 'id' | 'slug' | 'name'>, limit: ImpersonationLimit): DomainError {
    const ref = { id: business.id, slug: business.slug, name: business.name };
    if (limit === 'support_access_revoked' || limit === 'support_access_expired') {
      const why = limit === 'support_access_revoked' ? 'its owner revoked support access' : 'the support access its owner granted has run out';
      return new DomainError(403, 'impersonation_expired', `The impersonation of ${business.name} ended: ${why}; you are back in your operator account`, {
        business: ref,
        limit,
      });
    }
    const minutes = limit === 'absolute' ? this.config.impersonationTtlMinutes : this.config.impersonationIdleMinutes;
    const why = limit === 'absolute' ? `reached its ${minutes}-minute limit` : `was idle for ${minutes} minutes`;
    return new DomainError(403, 'impersonation_expired', `The impersonation of ${business.name} ${why}; you are back in your operator account`, {
      business: { id: business.id, slug: business.slug, name: business.name },
      limit,
      limitMinutes: minutes,
    });
  }

  /**
   * The impersonation a session most recently left, if it ended within the last hour: lets a
   * write that still carries that impersonation's CSRF token be told why it cannot go through.
   */
  async recentlyEnded(sessionId: string): Promise<{ row: Impersonation; business: Business } | null> {
    const row = await this.impersonations.latestOf(sessionId);
    if (!row?.endedAt || this.clock.now().getTime() - row.endedAt.getTime() > 60 * 60_000) return null;
    const business = await this.impersonations.business(row.businessId);
    return business ? { row, business } : null;
  }

  /** Exit (× in the pill) or sign-out while impersonating: the operator's own session carries on. */
  async end(principal: Principal, reason: Extract<ImpersonationEndReason, 'exit' | 'sign_out'>): Promise<{ redirectTo: string }> {
    const row = await this.impersonations.live(principal.sessionId);
    if (!row) throw new DomainError(409, 'not_impersonating', 'There is no impersonation to end');
    await this.endRow(row, reason);
    return { redirectTo: OPERATOR_BUSINESSES };
  }

  /** Ends every live impersonation of an operator (account disabled, session revoked). */
  async endAllFor(operatorId: string, reason: ImpersonationEndReason): Promise<void> {
    const rows = await this.impersonations.liveOf(operatorId);
    for (const row of rows) await this.endRow(row, reason);
  }

  view(active: ActiveImpersonation): ImpersonationView {
    return toView(active, this.idleMs);
  }

  private async endRow(row: Impersonation, reason: ImpersonationEndReason, details?: Record<string, unknown>, manager?: EntityManager): Promise<void> {
    const run = async (em: EntityManager) => {
      const now = this.clock.now();
      if (!(await this.impersonations.end(em, row.id, now, reason))) return; // someone else ended it first: one end row only
      await this.audit.record(em, {
        action: reason === 'expired' ? 'impersonation.expire' : 'impersonation.end',
        businessId: row.businessId,
        impersonationId: row.id,
        actor: { id: row.operatorId, kind: 'operator' },
        targetType: 'business',
        targetId: row.businessId,
        details: { endReason: reason, durationSeconds: Math.round((now.getTime() - row.startedAt.getTime()) / 1000), ...details },
      });
    };
    if (manager) await run(manager);
    else await this.db.transaction(run);
  }
}

function toActive(row: Impersonation, business: ActiveImpersonation['business']): ActiveImpersonation {
  return {
    id: row.id,
    business: {
      id: business.id,
      slug: business.slug,
      name: business.name,
      status: business.status,
      timeZone: business.timeZone,
      currency: business.currency,
      primaryColor: business.primaryColor,
      logoUrl: business.logoUrl,
    },
    role: row.role,
    readOnly: row.readOnly,
    reason: row.reason,
    startedAt: row.startedAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
  };
}

function toView(active: ActiveImpersonation, idleMs: number): ImpersonationView {
  const { id, slug, name, status, timeZone, currency, primaryColor, logoUrl } = active.business;
  const idleExpires = Math.min(active.lastSeenAt.getTime() + idleMs, active.expiresAt.getTime());
  return {
    id: active.id,
    business: { id, slug, name, status, timeZone, currency, primaryColor, logoUrl },
    role: active.role,
    readOnly: active.readOnly,
    reason: active.reason,
    startedAt: active.startedAt.toISOString(),
    expiresAt: active.expiresAt.toISOString(),
    idleExpiresAt: new Date(idleExpires).toISOString(),
  };
}
