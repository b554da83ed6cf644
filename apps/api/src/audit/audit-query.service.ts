import { Injectable } from '@nestjs/common';
import type { AccessLogActivity, AccessLogEntry, AuditEventView, Page, PlatformView, PlatformViewEntry, UserKind } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { clampLimit, decodeCursor, instantFilter, page } from '../common/pagination.js';
import { AuditRepository, type AuditEventRow } from './audit.repository.js';
import { PLATFORM_VIEW_ACTION, PlatformReadAudit } from './platform-reads.js';

export interface AuditFilter {
  actorId?: string;
  businessId?: string;
  impersonationId?: string;
  action?: string;
  outcome?: string;
  /** Free text: the actor's name or e-mail, the target id, or the request path. */
  q?: string;
  from?: string;
  to?: string;
  /** Oldest first (one impersonation read as a story) instead of newest first. */
  order?: 'asc' | 'desc';
  /** Leave out page views (reads: GET rows, impersonated or platform-wide), so changes, sign-ins and refusals stand out. */
  hideViews?: boolean;
  limit?: number;
  cursor?: string;
}

/** Reads of the audit trail: the operator's search and the owner's access log. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly events: AuditRepository,
    private readonly platformReads: PlatformReadAudit,
  ) {}

  /** The operator's search over every business's trail; the search itself is recorded (PlatformReadAudit). */
  async search(filter: AuditFilter): Promise<Page<AuditEventView>> {
    const limit = clampLimit(filter.limit);
    const rows = await this.events.search({
      actorId: filter.actorId,
      businessId: filter.businessId,
      impersonationId: filter.impersonationId,
      action: filter.action,
      outcome: filter.outcome,
      q: filter.q?.trim() || undefined,
      from: filter.from ? instantFilter(filter.from, 'from') : undefined,
      to: filter.to ? instantFilter(filter.to, 'to') : undefined,
      asc: filter.order === 'asc',
      hideViews: !!filter.hideViews,
      afterId: auditIdCursor(filter.cursor),
      take: limit + 1,
    });
    const result = page<AuditEventView>(await this.named(rows.map(toView)), limit, (r) => [r.id]);
    const { q, limit: _limit, cursor: _cursor, ...rest } = filter;
    await this.platformReads.record(
      'audit_search',
      { ...rest, limit, cursor: filter.cursor ? true : undefined },
      q,
      result.items.map((e) => ({ businessId: e.business?.id ?? null })),
    );
    return result;
  }

  /**
   * When operators saw this business's records from the platform side (All bookings, the operator
   * dashboard, the audit search), newest first: the `operator.platform_view` rows of its own chain.
   */
  async platformViews(businessId: string, limit?: number, cursorText?: string): Promise<Page<PlatformViewEntry>> {
    const n = clampLimit(limit);
    const rows = await this.events.businessRowsOf(businessId, PLATFORM_VIEW_ACTION, auditIdCursor(cursorText), n + 1);
    const items: PlatformViewEntry[] = rows.map((r) => {
      const details = r.details as { view?: PlatformView; records?: number } | null;
      return {
        id: r.id,
        occurredAt: new Date(r.occurredAt).toISOString(),
        operator: r.actorId ? { id: r.actorId, name: r.actor?.name ?? '', email: r.actor?.email ?? '' } : null,
        view: details?.view ?? 'all_bookings',
        records: Number(details?.records ?? 0),
      };
    });
    return page(items, n, (e) => [e.id]);
  }

  /**
   * Who from the platform entered this business: one entry per impersonation, with what it changed
   * (its successful writes) and what it tried to change and was refused (failed writes, which can
   * disclose as much: a 409 email_taken confirms a customer). Reads are in the operator's audit, not
   * here: owners see visits, changes and attempts.
   */
  async accessLog(businessId: string, limit?: number, cursorText?: string, activity: AccessLogActivity = 'changes'): Promise<Page<AccessLogEntry>> {
    const n = clampLimit(limit);
    const cursor = decodeCursor(cursorText, ['date', 'uuid']);
    const visits = await this.events.visits(businessId, cursor ? { startedAt: new Date(String(cursor[0])), id: String(cursor[1]) } : null, n + 1);
    const shown = visits.slice(0, n);
    // Page views only when asked for, and at most VISIT_EVENTS_MAX of them per visit (one more is
    // read to know there were more): a long visit's reads are a story of their own.
    const seen = new Map<string, number>();
    const events: (AuditEventView & { impersonationId: string; n: number })[] = shown.length
      ? (
          await this.events.visitEvents(
            businessId,
            shown.map((v) => v.id),
            activity === 'all',
            VISIT_EVENTS_MAX + 1,
          )
        ).map((r) => {
          // The row's place in its visit (oldest first), as the window in visitEvents counted it.
          const place = (seen.get(r.impersonationId!) ?? 0) + 1;
          seen.set(r.impersonationId!, place);
          return { ...toView(r), impersonationId: r.impersonationId!, n: place };
        })
      : [];
    const changes = await this.named(events.filter((e) => e.n <= VISIT_EVENTS_MAX));
    const items: AccessLogEntry[] = visits.map((v) => ({
      impersonationId: v.id,
      operator: { id: v.operatorId, name: v.operator.name, email: v.operator.email },
      role: v.role,
      readOnly: v.readOnly,
      reason: v.reason,
      entryPoint: v.entryPoint,
      startedAt: new Date(v.startedAt).toISOString(),
      endedAt: v.endedAt ? new Date(v.endedAt).toISOString() : null,
      endReason: v.endReason,
      durationSeconds: v.endedAt ? Math.round((new Date(v.endedAt).getTime() - new Date(v.startedAt).getTime()) / 1000) : null,
      changes: changes.filter((c) => c.impersonationId === v.id).map(({ n: _n, ...c }) => c),
      truncated: events.some((c) => c.impersonationId === v.id && c.n > VISIT_EVENTS_MAX),
    }));
    return page(items, n, (e) => [e.startedAt, e.impersonationId]);
  }

  /**
   * Names for the ids the rows mention, as they are named now: the target and every id inside
   * `changes` (a booking's customerId, a service's resourceIds). Looked up per business, so a
   * row can only ever be given names from its own business (people are platform-wide).
   */
  private async named<T extends AuditEventView>(views: T[]): Promise<T[]> {
    const pairs = new Map<string, { businessId: string | null; id: string }>();
    for (const v of views) {
      for (const id of mentionedIds(v)) pairs.set(`${v.business?.id ?? ''}|${id}`, { businessId: v.business?.id ?? null, id });
    }
    if (!pairs.size) return views;
    const all = [...pairs.values()];
    const scoped = all.filter((p) => p.businessId);
    const names = new Map<string, string>(); // `${businessId}|${id}` or `|${id}` for people
    const people = await this.events.peopleNames([...new Set(all.map((p) => p.id))]);
    for (const p of people) names.set(`|${p.id}`, p.name);
    const records = await this.events.recordNames(scoped.map((p) => ({ businessId: p.businessId!, id: p.id })));
    for (const r of records) names.set(`${r.businessId}|${r.id}`, r.name);
    return views.map((v) => {
      const own: Record<string, string> = {};
      for (const id of mentionedIds(v)) {
        const name = names.get(`${v.business?.id ?? ''}|${id}`) ?? names.get(`|${id}`);
        if (name !== undefined) own[id] = name;
      }
      return { ...v, names: own };
    });
  }
}

/** A visit's events listed in the access log with `activity=all`, at most. */
const VISIT_EVENTS_MAX = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuids a row names: its target and the values (or arrays of values) in its changes. */
function mentionedIds(v: AuditEventView): string[] {
  const ids = new Set<string>();
  if (v.targetId && UUID.test(v.targetId)) ids.add(v.targetId.toLowerCase());
  for (const change of Object.values(v.changes ?? {})) {
    for (const side of [change?.before, change?.after]) {
      for (const value of Array.isArray(side) ? side : [side]) if (typeof value === 'string' && UUID.test(value)) ids.add(value.toLowerCase());
    }
  }
  return [...ids];
}

function toView(r: AuditEventRow): AuditEventView {
  return {
    id: r.id,
    seq: r.chainSeq,
    occurredAt: new Date(r.occurredAt).toISOString(),
    requestId: r.requestId,
    // (Left joins: a name that is gone is null, as the row itself says nothing of it.)
    actor: r.actorId ? { id: r.actorId, name: joined(r.actor?.name), email: joined(r.actor?.email), kind: r.actorKind as UserKind } : null,
    impersonationId: r.impersonationId,
    business: r.businessId
      ? {
          id: r.businessId,
          slug: joined(r.business?.slug),
          name: joined(r.business?.name),
          timeZone: joined(r.business?.timeZone),
          currency: joined(r.business?.currency),
        }
      : null,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    outcome: r.outcome,
    method: r.method,
    path: r.path,
    status: r.status,
    ip: r.ip,
    userAgent: r.userAgent,
    changes: r.changes,
    names: {},
  };
}

function joined(value: string | undefined): string {
  return (value ?? null) as string;
}

/**
 * An audit list's cursor: the last row's id, a positive bigint. More digits than that would be an
 * SQL out-of-range error (500), so it is refused as a bad cursor.
 */
function auditIdCursor(text: string | undefined): string | undefined {
  const cursor = decodeCursor(text, ['string']);
  if (!cursor) return undefined;
  if (!/^\d{1,19}$/.test(String(cursor[0])) || BigInt(String(cursor[0])) > 9223372036854775807n) {
    throw new DomainError(400, 'invalid_cursor', 'The cursor is not valid for this list');
  }
  return String(cursor[0]);
}
