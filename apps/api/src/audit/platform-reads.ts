import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditActionName, PlatformView } from '#contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService, type AuditEntry } from './audit.service.js';

/** The audit action of one operator search or view across businesses (platform chain). */
export const PLATFORM_SEARCH_ACTION = 'operator.search' satisfies AuditActionName;
/** The audit action, in each business's own chain, saying its records were in that result. */
export const PLATFORM_VIEW_ACTION = 'operator.platform_view' satisfies AuditActionName;

/** Filters that are safe to keep in clear: ids, statuses, instants, paging; never free text. */
export type SearchFilters = Record<string, string | number | boolean | undefined | null>;

/**
 * Records an operator's read across businesses, outside impersonation (All bookings, the operator
 * dashboard, the audit search): those pages show customers' names, e-mails and phones of every
 * tenant, so they leave the same kind of trace an impersonated read does.
 *
 * Two kinds of row, in the same request:
 * - one `operator.search` row on the platform chain: who, when, which view, the filters, how many
 *   records, and which businesses they belonged to;
 * - one `operator.platform_view` row in each business's own chain whose records were in the
 *   result, so the owner's access log can show "an operator looked at your customers" from the
 *   business's own (tamper-evident) chain.
 *
 * The free-text term (`q`: a customer's name or e-mail, typically) is not stored: the trail is
 * append-only and kept for good, so a name typed into a search would outlive any erasure of that
 * customer. It is kept as an HMAC-SHA256 under a key derived from JWT_SECRET (`audit-search-term`),
 * of the trimmed, lower-cased term, with its length: whoever holds the secret can confirm a
 * suspected term (`searchTermDigest`), nobody reading the database can recover it.
 */
@Injectable()
export class PlatformReadAudit {
  private readonly termKey: Buffer;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.termKey = searchTermKey(config.jwtSecret);
  }

  async record(view: PlatformView, filters: SearchFilters, term: string | undefined, rows: { businessId: string | null }[]): Promise<void> {
    const perBusiness = new Map<string, number>();
    for (const r of rows) if (r.businessId) perBusiness.set(r.businessId, (perBusiness.get(r.businessId) ?? 0) + 1);
    const cleanFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const trimmed = term?.trim();
    // One statement for the platform row and every business's row: a page spanning fifty businesses
    // costs one round trip, not fifty-one.
    await this.audit.recordAll(null, [
      {
        action: PLATFORM_SEARCH_ACTION,
        businessId: null,
        status: 200,
        details: {
          view,
          filters: cleanFilters,
          term: trimmed ? { hmac: searchTermDigest(this.termKey, trimmed), length: trimmed.length } : null,
          results: rows.length,
          businesses: Object.fromEntries(perBusiness),
        },
      },
      ...[...perBusiness].map(([businessId, records]): AuditEntry => ({ action: PLATFORM_VIEW_ACTION, businessId, status: 200, details: { view, records } })),
    ]);
  }
}

/** The key the search terms are hashed under: derived from JWT_SECRET, never the secret itself. */
export function searchTermKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('audit-search-term').digest();
}

/** The digest stored for a term: HMAC-SHA256(key, lower(trim(term))), hex. */
export function searchTermDigest(key: Buffer, term: string): string {
  return createHmac('sha256', key).update(term.trim().toLowerCase()).digest('hex');
}
