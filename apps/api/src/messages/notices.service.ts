import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { businessPath, type BusinessRole, type NoticeList, type NoticeView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../access/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { returnedRows } from '../common/sql.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { loadBranding } from './branding.js';
import { OutboxService } from './outbox.service.js';
import { impersonationNoticeMessage, supportAccessRequestMessage } from './templates.js';

interface NoticeRow {
  business_id: string;
  id: string;
  kind: NoticeView['kind'];
  facts: NoticeView['facts'];
  created_at: Date;
  slug: string;
  name: string;
}

/**
 * The business always knows when the platform enters: an in-app notice for its owners and an e-mail
 * to each of them, written in the same transaction as the impersonation that causes them. Only the
 * business's own owners can dismiss a notice; an operator impersonating as owner sees it (it is part
 * of the owner's view) but cannot clear it.
 */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Inside the impersonation's own transaction: the notice and one e-mail per owner. */
  async impersonationStarted(
    em: EntityManager,
    input: { businessId: string; impersonationId: string; operator: { id: string; name: string; email: string }; startedAt: Date; role: BusinessRole; readOnly: boolean; reason: string | null; breakGlass: boolean },
  ): Promise<void> {
    const business = await loadBranding(em, input.businessId);
    const accessLogPath = `${businessPath(business.slug, 'access-log')}?visit=${input.impersonationId}`;
    const facts: NoticeView['facts'] = {
      operator: input.operator,
      at: input.startedAt.toISOString(),
      role: input.role,
      readOnly: input.readOnly,
      reason: input.reason,
      breakGlass: input.breakGlass,
      impersonationId: input.impersonationId,
    };
    await em.query(`INSERT INTO notices (business_id, kind, impersonation_id, facts, created_at) VALUES ($1, 'impersonation.started', $2, $3::jsonb, $4)`, [
      input.businessId,
      input.impersonationId,
      JSON.stringify(facts),
      this.clock.now(),
    ]);
    const message = impersonationNoticeMessage({
      business,
      facts: { operatorName: input.operator.name, operatorEmail: input.operator.email, startedAt: input.startedAt, role: input.role, readOnly: input.readOnly, reason: input.reason, breakGlass: input.breakGlass, accessLogUrl: `${this.config.publicUrl}${accessLogPath}` },
    });
    for (const owner of await this.owners(em, input.businessId)) {
      await this.outbox.enqueue(em, { kind: 'impersonation.notice', businessId: input.businessId, to: owner.email, ...message });
    }
  }

  /** An operator asks the owners for support access (granted mode): a notice and an e-mail to each owner. */
  async supportAccessRequested(em: EntityManager, input: { businessId: string; operator: { id: string; name: string; email: string }; reason: string }): Promise<void> {
    const business = await loadBranding(em, input.businessId);
    const facts: NoticeView['facts'] = { operator: input.operator, at: this.clock.now().toISOString(), reason: input.reason };
    await em.query(`INSERT INTO notices (business_id, kind, facts, created_at) VALUES ($1, 'support_access.requested', $2::jsonb, $3)`, [input.businessId, JSON.stringify(facts), this.clock.now()]);
    const message = supportAccessRequestMessage({
      business,
      operatorName: input.operator.name,
      reason: input.reason,
      settingsUrl: `${this.config.publicUrl}${businessPath(business.slug, 'settings', 'support-access')}`,
    });
    for (const owner of await this.owners(em, input.businessId)) {
      await this.outbox.enqueue(em, { kind: 'support_access.request', businessId: input.businessId, to: owner.email, ...message });
    }
  }

  async list(principal: Principal): Promise<NoticeList> {
    const imp = principal.impersonation;
    let rows: NoticeRow[] = [];
    if (imp) {
      if (imp.role === 'owner') rows = await this.db.query(`${SELECT} WHERE n.business_id = $1 AND n.dismissed_at IS NULL ORDER BY n.created_at DESC LIMIT 50`, [imp.business.id]);
    } else if (principal.user.kind === 'business') {
      rows = await this.db.query(
        `${SELECT} JOIN memberships m ON m.business_id = n.business_id AND m.user_id = $1 AND m.role = 'owner'
          WHERE n.dismissed_at IS NULL AND b.status = 'active' ORDER BY n.created_at DESC LIMIT 50`,
        [principal.user.id],
      );
    }
    return { items: rows.map((r) => toView(r, !imp && principal.user.kind === 'business')) };
  }

  async dismiss(principal: Principal, noticeId: string): Promise<void> {
    if (principal.impersonation || principal.user.kind !== 'business') {
      throw new DomainError(403, 'owner_required', "Only the business's own owners can dismiss this notice");
    }
    await this.db.transaction(async (em) => {
      const [row]: { business_id: string; kind: string }[] = await em.query(
        `SELECT n.business_id, n.kind FROM notices n JOIN memberships m ON m.business_id = n.business_id AND m.user_id = $2 AND m.role = 'owner'
          WHERE n.id = $1 AND n.dismissed_at IS NULL FOR UPDATE OF n`,
        [noticeId, principal.user.id],
      );
      if (!row) throw notFound('Notice');
      const done = returnedRows(
        await em.query(`UPDATE notices SET dismissed_at = $3, dismissed_by = $4 WHERE business_id = $1 AND id = $2 AND dismissed_at IS NULL RETURNING id`, [
          row.business_id,
          noticeId,
          this.clock.now(),
          principal.user.id,
        ]),
      );
      if (!done.length) throw notFound('Notice');
      await this.audit.record(em, { action: 'notice.dismiss', businessId: row.business_id, targetType: 'notice', targetId: noticeId, status: 204, details: { kind: row.kind } });
    });
  }

  private owners(em: EntityManager, businessId: string): Promise<{ email: string }[]> {
    return em.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.business_id = $1 AND m.role = 'owner' AND u.disabled_at IS NULL ORDER BY u.email`,
      [businessId],
    );
  }
}

const SELECT = `SELECT n.business_id, n.id, n.kind, n.facts, n.created_at, b.slug, b.name FROM notices n JOIN businesses b ON b.id = n.business_id`;

function toView(r: NoticeRow, canDismiss: boolean): NoticeView {
  return {
    id: r.id,
    business: { id: r.business_id, slug: r.slug, name: r.name },
    kind: r.kind,
    createdAt: new Date(r.created_at).toISOString(),
    facts: r.facts,
    accessLogPath: r.kind === 'impersonation.started' && r.facts.impersonationId ? `${businessPath(r.slug, 'access-log')}?visit=${r.facts.impersonationId}` : null,
    canDismiss,
  };
}
