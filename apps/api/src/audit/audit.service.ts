import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActionName, AuditOutcome } from '#contracts';
import { Clock } from '../common/clock.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { RequestContext } from '../access/request-context.js';
import { diff, redact } from './redact.js';
import { PLATFORM_CHAIN_BUSINESS_ID } from './audit-event.entity.js';
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

/**
 * The one statement that appends an audit row (the chain trigger fills chain_key, chain_seq, hash).
 * chain_business_id is named here, not left to the trigger: a sharded database routes the insert by
 * it before any trigger runs (docs/SCALING.md). Exported for the bench's bare ceiling route.
 */
const AUDIT_INSERT_COLUMNS = `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, request_id, actor_id, actor_kind, impersonation_id, business_id,
        action, target_type, target_id, outcome, method, path, status, ip, user_agent, changes, details, upstream_request_id, chain_business_id)`;
export const AUDIT_INSERT_SQL = `${AUDIT_INSERT_COLUMNS}
      VALUES ('', 0, '', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb, $18, coalesce($6::uuid, '${PLATFORM_CHAIN_BUSINESS_ID}'::uuid))`;

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
    @InjectDataSource() private readonly db: DataSource,
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
    await (manager ?? this.db.manager).query(AUDIT_INSERT_SQL, this.rowParams(entry));
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
    const rows = entries.map((entry) => ({ entry, params: this.rowParams(entry) }));
    // params[5] is the business id (null on the platform chain).
    rows.sort((a, b) => ((a.params[5] as string | null) ?? '').localeCompare((b.params[5] as string | null) ?? ''));
    const width = rows[0]!.params.length;
    const values = rows.map((_, i) => {
      const n = (k: number) => `$${i * width + k}`;
      return `('', 0, '', ${n(1)}, ${n(2)}, ${n(3)}, ${n(4)}, ${n(5)}, ${n(6)}, ${n(7)}, ${n(8)}, ${n(9)}, ${n(10)}, ${n(11)}, ${n(12)}, ${n(13)}, ${n(14)}, ${n(15)}, ${n(16)}::jsonb, ${n(17)}::jsonb, ${n(18)}, coalesce(${n(6)}::uuid, '${PLATFORM_CHAIN_BUSINESS_ID}'::uuid))`;
    });
    await (manager ?? this.db.manager).query(`${AUDIT_INSERT_COLUMNS} VALUES ${values.join(', ')}`, rows.flatMap((r) => r.params));
    this.noteAuditedWrite(manager, entries);
  }

  /** The parameters of AUDIT_INSERT_SQL for one entry, actor and request facts from the context. */
  private rowParams(entry: AuditEntry): unknown[] {
    const active = this.cls.isActive();
    const principal = active ? this.context.principal : null;
    const meta = active ? this.request.meta : null;
    const actor = entry.actor ?? (principal ? { id: principal.user.id, kind: principal.user.kind } : { id: null, kind: 'anonymous' as const });
    const impersonationId = entry.impersonationId !== undefined ? entry.impersonationId : (principal?.impersonation?.id ?? null);
    const businessId = entry.businessId !== undefined ? entry.businessId : (principal?.impersonation?.business.id ?? null);
    const changes = entry.changes !== undefined ? entry.changes : entry.before !== undefined || entry.after !== undefined ? diff(entry.before ?? null, entry.after ?? null) : null;
    return [
      this.clock.now(),
      meta?.requestId ?? null,
      actor.id,
      actor.kind,
      impersonationId,
      businessId,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      entry.outcome ?? 'success',
      meta?.method ?? null,
      meta?.path ?? null,
      entry.status ?? null,
      meta?.ip ?? null,
      meta?.userAgent?.slice(0, 500) ?? null,
      changes ? JSON.stringify(changes) : null,
      entry.details ? JSON.stringify(redact(entry.details)) : null,
      meta?.upstreamRequestId ?? null,
    ];
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
