import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { businessPath, type BusinessRole, type NoticeList, type NoticeView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../access/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { loadBranding } from './branding.js';
import { MessagesRepository, type NoticeRow } from './messages.repository.js';
import { OutboxService } from './outbox.service.js';
import { impersonationNoticeMessage, supportAccessRequestMessage } from './templates.js';

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
    private readonly messages: MessagesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Inside the impersonation's own transaction: the notice and one e-mail per owner. */
  async impersonationStarted(
    em: EntityManager,
    input: {
      businessId: string;
      impersonationId: string;
      operator: { id: string; name: string; email: string };
      startedAt: Date;
      role: BusinessRole;
      readOnly: boolean;
      reason: string | null;
      breakGlass: boolean;
    },
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
    await this.messages.addNotice(em, {
      businessId: input.businessId,
      kind: 'impersonation.started',
      impersonationId: input.impersonationId,
      facts,
      createdAt: this.clock.now(),
    });
    const message = impersonationNoticeMessage({
      business,
      facts: {
        operatorName: input.operator.name,
        operatorEmail: input.operator.email,
        startedAt: input.startedAt,
        role: input.role,
        readOnly: input.readOnly,
        reason: input.reason,
        breakGlass: input.breakGlass,
        accessLogUrl: `${this.config.publicUrl}${accessLogPath}`,
      },
    });
    for (const owner of await this.owners(em, input.businessId)) {
      await this.outbox.enqueue(em, { kind: 'impersonation.notice', businessId: input.businessId, to: owner.email, ...message });
    }
  }

  /** An operator asks the owners for support access (granted mode): a notice and an e-mail to each owner. */
  async supportAccessRequested(
    em: EntityManager,
    input: { businessId: string; operator: { id: string; name: string; email: string }; reason: string },
  ): Promise<void> {
    const business = await loadBranding(em, input.businessId);
    const facts: NoticeView['facts'] = { operator: input.operator, at: this.clock.now().toISOString(), reason: input.reason };
    await this.messages.addNotice(em, {
      businessId: input.businessId,
      kind: 'support_access.requested',
      impersonationId: null,
      facts,
      createdAt: this.clock.now(),
    });
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
      if (imp.role === 'owner') rows = await this.messages.openNoticesOf(imp.business.id, 50);
    } else if (principal.user.kind === 'business') {
      rows = await this.messages.openNoticesForOwner(principal.user.id, 50);
    }
    return { items: rows.map((r) => toView(r, !imp && principal.user.kind === 'business')) };
  }

  async dismiss(principal: Principal, noticeId: string): Promise<void> {
    if (principal.impersonation || principal.user.kind !== 'business') {
      throw new DomainError(403, 'owner_required', "Only the business's own owners can dismiss this notice");
    }
    await this.db.transaction(async (em) => {
      const row = await this.messages.lockOwnersNotice(em, noticeId, principal.user.id);
      if (!row) throw notFound('Notice');
      const done = await this.messages.dismissNotice(em, row.businessId, noticeId, principal.user.id, this.clock.now());
      if (!done) throw notFound('Notice');
      await this.audit.record(em, {
        action: 'notice.dismiss',
        businessId: row.businessId,
        targetType: 'notice',
        targetId: noticeId,
        status: 204,
        details: { kind: row.kind },
      });
    });
  }

  private async owners(em: EntityManager, businessId: string): Promise<{ email: string }[]> {
    return (await this.messages.ownerEmails(em, businessId)).map((email) => ({ email }));
  }
}

function toView(r: NoticeRow, canDismiss: boolean): NoticeView {
  return {
    id: r.id,
    business: { id: r.businessId, slug: r.business.slug, name: r.business.name },
    kind: r.kind,
    createdAt: new Date(r.createdAt).toISOString(),
    facts: r.facts,
    accessLogPath:
      r.kind === 'impersonation.started' && r.facts.impersonationId ? `${businessPath(r.business.slug, 'access-log')}?visit=${r.facts.impersonationId}` : null,
    canDismiss,
  };
}
