import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccessLogActivity, AccessLogEntry, AuditEventView, Page, PlatformView, PlatformViewEntry } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { clampLimit, decodeCursor, instantFilter, page } from '../common/pagination.js';
import { containsPattern, prefixUpperBound } from '../common/sql.js';
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

const SELECT = `SELECT e.id::text AS id, e.chain_seq::text AS seq, e.occurred_at, e.request_id, e.actor_id, u.name AS actor_name, u.email AS actor_email,
    e.actor_kind, e.impersonation_id, e.business_id, b.slug AS business_slug, b.name AS business_name, b.time_zone AS business_time_zone,
    b.currency AS business_currency, e.action, e.target_type, e.target_id,
    e.outcome, e.method, e.path, e.status, e.ip, e.user_agent, e.changes
  FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN businesses b ON b.id = e.business_id`;

/** Reads of the audit trail: the operator's search and the owner's access log. */
@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly platformReads: PlatformReadAudit,
  ) {}

  /** The operator's search over every business's trail; the search itself is recorded (PlatformReadAudit). */
  async search(filter: AuditFilter): Promise<Page<AuditEventView>> {
    const limit = clampLimit(filter.limit);
    const asc = filter.order === 'asc';
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actorId) add('e.actor_id = ?', filter.actorId);
    if (filter.businessId) add('e.business_id = ?', filter.businessId);
    if (filter.impersonationId) add('e.impersonation_id = ?', filter.impersonationId);
    if (filter.action) {
      // The prefix as a range in code-point order, served by audit_events_action_prefix.
      add(`e.action COLLATE "C" >= ?`, filter.action);
      const upper = prefixUpperBound(filter.action);
      if (upper !== null) add(`e.action COLLATE "C" < ?`, upper);
    }
    if (filter.outcome) add('e.outcome = ?', filter.outcome);
    if (filter.hideViews) where.push(`e.method IS DISTINCT FROM 'GET'`);
    if (filter.q?.trim()) {
      const pattern = containsPattern(filter.q.trim());
      // The matching actors first, from the small users table: every branch is then a condition on
      // audit_events itself with real values, so the planner ORs the actor index with the trigram
      // indexes instead of walking the whole trail newest-first in search of rare matches.
      const actors: { id: string }[] = await this.db.query(`SELECT id FROM users WHERE name ILIKE $1 ESCAPE '\\' OR email ILIKE $1 ESCAPE '\\'`, [pattern]);
      params.push(pattern);
      const p = `$${params.length}`;
      const branches = [`e.target_id ILIKE ${p} ESCAPE '\\'`, `e.path ILIKE ${p} ESCAPE '\\'`];
      if (actors.length > 0) {
        params.push(actors.map((a) => a.id));
        branches.unshift(`e.actor_id = ANY ($${params.length}::uuid[])`);
      }
      where.push(`(${branches.join(' OR ')})`);
    }
    if (filter.from) add('e.occurred_at >= ?', instantFilter(filter.from, 'from'));
    if (filter.to) add('e.occurred_at < ?', instantFilter(filter.to, 'to'));
    const cursor = decodeCursor(filter.cursor, ['string']);
    if (cursor) {
      // An audit id is a positive bigint: more digits than that would be an SQL out-of-range error (500).
      if (!/^\d{1,19}$/.test(String(cursor[0])) || BigInt(String(cursor[0])) > 9223372036854775807n) {
        throw new DomainError(400, 'invalid_cursor', 'The cursor is not valid for this list');
      }
      add(asc ? 'e.id > ?::bigint' : 'e.id < ?::bigint', cursor[0]);
    }
    params.push(limit + 1);
    const rows = await this.db.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id ${asc ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
      params,
    );
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
    const cursor = decodeCursor(cursorText, ['string']);
    const params: unknown[] = [businessId, PLATFORM_VIEW_ACTION];
    let keyset = '';
    if (cursor) {
      if (!/^\d{1,19}$/.test(String(cursor[0])) || BigInt(String(cursor[0])) > 9223372036854775807n) {
        throw new DomainError(400, 'invalid_cursor', 'The cursor is not valid for this list');
      }
      params.push(cursor[0]);
      keyset = `AND e.id < $${params.length}::bigint`;
    }
    params.push(n + 1);
    const rows: { id: string; occurred_at: Date; actor_id: string | null; name: string | null; email: string | null; details: { view?: PlatformView; records?: number } | null }[] =
      await this.db.query(
        `SELECT e.id::text AS id, e.occurred_at, e.actor_id, u.name, u.email, e.details
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.business_id = $1 AND e.action = $2 ${keyset}
          ORDER BY e.id DESC LIMIT $${params.length}`,
        params,
      );
    const items: PlatformViewEntry[] = rows.map((r) => ({
      id: r.id,
      occurredAt: new Date(r.occurred_at).toISOString(),
      operator: r.actor_id ? { id: r.actor_id, name: r.name ?? '', email: r.email ?? '' } : null,
      view: r.details?.view ?? 'all_bookings',
      records: Number(r.details?.records ?? 0),
    }));
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
    const params: unknown[] = [businessId];
    let keyset = '';
    if (cursor) {
      params.push(new Date(String(cursor[0])), cursor[1]);
      keyset = 'AND (i.started_at, i.id) < ($2, $3)';
    }
    params.push(n + 1);
    const visits: {
      id: string; operator_id: string; name: string; email: string; role: 'owner' | 'staff'; read_only: boolean; reason: string | null;
      entry_point: string | null; started_at: Date; ended_at: Date | null; end_reason: AccessLogEntry['endReason'];
    }[] = await this.db.query(
      `SELECT i.id, i.operator_id, u.name, u.email, i.role, i.read_only, i.reason, i.entry_point, i.started_at, i.ended_at, i.end_reason
         FROM impersonations i JOIN users u ON u.id = i.operator_id
        WHERE i.business_id = $1 ${keyset}
        ORDER BY i.started_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
    const shown = visits.slice(0, n);
    // Page views only when asked for, and at most VISIT_EVENTS_MAX of them per visit (one more is
    // read to know there were more): a long visit's reads are a story of their own.
    const events: (AuditEventView & { impersonationId: string; n: number })[] = shown.length
      ? (
          await this.db.query(
            `SELECT * FROM (
               SELECT x.*, row_number() OVER (PARTITION BY x.impersonation_id ORDER BY x.id) AS n FROM (
                 ${SELECT} WHERE e.business_id = $1 AND e.impersonation_id = ANY($2::uuid[]) AND e.action NOT LIKE 'impersonation.%'
                   AND (e.method IN ('POST', 'PUT', 'PATCH', 'DELETE') OR ($3::boolean AND e.method = 'GET'))
               ) x
             ) y WHERE y.n <= $4 ORDER BY y.id::bigint ASC`,
            [businessId, shown.map((v) => v.id), activity === 'all', VISIT_EVENTS_MAX + 1],
          )
        ).map((r: AuditRow) => ({ ...toView(r), n: Number(r.n) }))
      : [];
    const changes = await this.named(events.filter((e) => e.n <= VISIT_EVENTS_MAX));
    const items: AccessLogEntry[] = visits.map((v) => ({
      impersonationId: v.id,
      operator: { id: v.operator_id, name: v.name, email: v.email },
      role: v.role,
      readOnly: v.read_only,
      reason: v.reason,
      entryPoint: v.entry_point,
      startedAt: new Date(v.started_at).toISOString(),
      endedAt: v.ended_at ? new Date(v.ended_at).toISOString() : null,
      endReason: v.end_reason,
      durationSeconds: v.ended_at ? Math.round((new Date(v.ended_at).getTime() - new Date(v.started_at).getTime()) / 1000) : null,
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
    const people: { id: string; name: string }[] = await this.db.query(`SELECT id::text, name FROM users WHERE id = ANY($1::uuid[])`, [[...new Set(all.map((p) => p.id))]]);
    for (const p of people) names.set(`|${p.id}`, p.name);
    if (scoped.length) {
      const params = [scoped.map((p) => p.businessId), scoped.map((p) => p.id)];
      const keys = `(SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS k(business_id, id))`;
      const rows: { business_id: string; id: string; name: string }[] = await this.db.query(
        `SELECT s.business_id::text, s.id::text, s.name FROM services s JOIN ${keys} k ON k.business_id = s.business_id AND k.id = s.id
         UNION ALL SELECT r.business_id::text, r.id::text, r.name FROM resources r JOIN ${keys} k ON k.business_id = r.business_id AND k.id = r.id
         UNION ALL SELECT c.business_id::text, c.id::text, c.name FROM customers c JOIN ${keys} k ON k.business_id = c.business_id AND k.id = c.id
         UNION ALL SELECT bk.business_id::text, bk.id::text, c.name || ' · ' || s.name
                     FROM bookings bk JOIN ${keys} k ON k.business_id = bk.business_id AND k.id = bk.id
                     JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
                     JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
         UNION ALL SELECT b.id::text, b.id::text, b.name FROM businesses b JOIN ${keys} k ON k.business_id = b.id AND k.id = b.id`,
        params,
      );
      for (const r of rows) names.set(`${r.business_id}|${r.id}`, r.name);
    }
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

// A row of SELECT's columns as the driver returns it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AuditRow = Record<string, any>;

function toView(r: AuditRow): AuditEventView {
  return {
    id: r.id,
    seq: r.seq,
    occurredAt: new Date(r.occurred_at).toISOString(),
    requestId: r.request_id,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, email: r.actor_email, kind: r.actor_kind } : null,
    impersonationId: r.impersonation_id,
    business: r.business_id ? { id: r.business_id, slug: r.business_slug, name: r.business_name, timeZone: r.business_time_zone, currency: r.business_currency } : null,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    method: r.method,
    path: r.path,
    status: r.status,
    ip: r.ip,
    userAgent: r.user_agent,
    changes: r.changes,
    names: {},
  };
}
