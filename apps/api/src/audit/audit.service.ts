import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import type { AuditActionName, AuditOutcome } from '#contracts';
import { Clock } from '../common/clock.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { RequestContext } from '../access/request-context.js';
import { diff, redact } from './redact.js';
import { AuditRepository, type NewAuditEvent } from './audit.repository.js';
import { AnonymousEvents, type AnonymousEvent } from './anonymous-events.js';

export interface AuditEntry {
  /** One of the names in libs/contracts/src/audit-actions.ts. */
  action: AuditActionName;
  outcome?: AuditOutcome;
  businessId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  status?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  changes?: Record<string, { before: unknown; after: unknown }> | null;
  details?: Record<string, unknown> | null;
  /** Override the actor (sign-in, where the principal does not exist yet). */
  actor?: { id: string | null; kind: 'operator' | 'business' | 'anonymous' | 'system' | 'customer' };
  /** Override the impersonation (ending one, where the context may already have moved on). */
  impersonationId?: string | null;
}

/** Re-exported for the bench's bare ceiling route (apps/api/bench/ceiling.ts). */
export { AUDIT_INSERT_SQL } from './audit.repository.js';

/**
 * Appends to the audit trail. Writers pass their transaction's EntityManager so the row commits or
 * rolls back with the change it describes. Actor, impersonation and request facts come from the
 * ImpersonationContext (the operator stays the actor while impersonating), request facts from the
 * RequestContext. Hash chaining happens in
 * the database trigger (see the InitialSchema migration).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('AuditService');
  constructor(
    private readonly events: AuditRepository,
    private readonly context: ImpersonationContext,
    private readonly request: RequestContext,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    private readonly anonymous: AnonymousEvents,
  ) {
    // A flood's summary row goes through the same insert (and so the same chain) as any other.
    anonymous.setWriter((em, summary) =>
      this.record(em, {
        action: summary.action,
        outcome: summary.outcome,
        actor: { id: null, kind: 'anonymous' },
        businessId: null,
        targetType: 'anonymous_summary',
        targetId: summary.bucket.toISOString(),
        details: summary.details,
      }),
    );
  }

  async record(manager: EntityManager | null, entry: AuditEntry): Promise<void> {
    await this.events.append(manager, this.rowOf(entry));
    this.noteAuditedWrite(manager, [entry]);
  }

  /**
   * Appends several rows in one statement (one round trip): an operator's read across businesses
   * writes a row in each business's chain it saw. The rows are sorted by chain, so two such
   * statements running at once take the chains' tail locks in the same order and cannot deadlock;
   * the chain trigger runs per row and sees the rows before it in the same statement.
   */
  async recordAll(manager: EntityManager | null, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((entry) => this.rowOf(entry));
    rows.sort((a, b) => (a.businessId ?? '').localeCompare(b.businessId ?? ''));
    await this.events.appendAll(manager, rows);
    this.noteAuditedWrite(manager, entries);
  }

  /** One entry's row, actor and request facts from the context. */
  private rowOf(entry: AuditEntry): NewAuditEvent {
    const active = this.cls.isActive();
    const principal = active ? this.context.principal : null;
    const meta = active ? this.request.meta : null;
    const actor = entry.actor ?? (principal ? { id: principal.user.id, kind: principal.user.kind } : { id: null, kind: 'anonymous' as const });
    const impersonationId = entry.impersonationId !== undefined ? entry.impersonationId : (principal?.impersonation?.id ?? null);
    const businessId = entry.businessId !== undefined ? entry.businessId : (principal?.impersonation?.business.id ?? null);
    const changes =
      entry.changes !== undefined
        ? entry.changes
        : entry.before !== undefined || entry.after !== undefined
          ? diff(entry.before ?? null, entry.after ?? null)
          : null;
    return {
      occurredAt: this.clock.now(),
      requestId: meta?.requestId ?? null,
      actorId: actor.id,
      actorKind: actor.kind,
      impersonationId,
      businessId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome ?? 'success',
      method: meta?.method ?? null,
      path: meta?.path ?? null,
      status: entry.status ?? null,
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent?.slice(0, 500) ?? null,
      changes: changes ?? null,
      details: entry.details ? (redact(entry.details) as Record<string, unknown>) : null,
      upstreamRequestId: meta?.upstreamRequestId ?? null,
    };
  }

  private noteAuditedWrite(manager: EntityManager | null, entries: AuditEntry[]): void {
    if (manager && this.cls.isActive() && entries.some((e) => (e.outcome ?? 'success') === 'success')) this.request.auditedWrite = true;
  }

  private floodKind(entry: AuditEntry): AnonymousEvent | null {
    const active = this.cls.isActive();
    if (active && this.context.principal) return null;
    if (entry.actor && entry.actor.kind !== 'anonymous') return null;
    const status = entry.status ?? 0;
    const outcome = entry.outcome ?? 'success';
    if (outcome === 'success' || !(status === 429 || status === 403 || status >= 500)) return null;
    const meta = active ? this.request.meta : null;
    const details = entry.details ?? {};
    const code = typeof details.code === 'string' ? details.code : typeof details.reason === 'string' ? details.reason : '';
    return { action: entry.action, outcome, status, code, ip: meta?.ip ?? '', target: entry.targetId ?? '' };
  }

  /**
   * For outcomes that must be recorded even though the request fails (denials, errors): never throws.
   * An anonymous refusal that cost nothing to provoke (429, 403, 5xx with nobody signed in) is
   * counted, and gets its own row only while its address's minute is not a flood (AnonymousEvents).
   */
  async recordSafely(entry: AuditEntry): Promise<void> {
    try {
      const flood = this.floodKind(entry);
      if (flood && !(await this.anonymous.count(flood))) return;
      await this.record(null, entry);
    } catch (err) {
      this.logger.error({ msg: 'audit write failed', action: entry.action, err: (err as Error).message });
    }
  }
}
