import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isCurrencyCode, type AuditActionName, type BrandingSettings, type GeneralSettings } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { BrandingSettingsDto, GeneralSettingsDto } from '../businesses/dto.js';
import { TimeZoneCatalog } from '../common/time-zones.js';

const GENERAL = `SELECT name, time_zone AS "timeZone", currency, contact_email AS "contactEmail", contact_phone AS "contactPhone" FROM businesses WHERE id = $1`;
const BRANDING = `SELECT primary_color AS "primaryColor", logo_url AS "logoUrl" FROM businesses WHERE id = $1`;

/**
 * A business's own settings: general (name, zone, contact) and branding (colour, logo). The access
 * guard has already checked the caller's role in this business; every query still names it.
 * Status and slug are not here on purpose: only the operator changes those (PATCH /businesses/:id).
 */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZones: TimeZoneCatalog,
  ) {}

  async general(businessId: string): Promise<GeneralSettings> {
    return one<GeneralSettings>(await this.db.query(GENERAL, [businessId]));
  }

  async branding(businessId: string): Promise<BrandingSettings> {
    return one<BrandingSettings>(await this.db.query(BRANDING, [businessId]));
  }

  async updateGeneral(businessId: string, input: GeneralSettingsDto): Promise<GeneralSettings> {
    if (input.currency !== undefined && !isCurrencyCode(input.currency)) {
      throw new DomainError(400, 'invalid_currency', `currency must be an ISO 4217 code with two decimals, such as EUR, GBP or USD (got ${JSON.stringify(String(input.currency).slice(0, 10))})`);
    }
    const next: GeneralSettings = {
      name: input.name,
      timeZone: await this.timeZones.assertStorable(input.timeZone),
      // Left out of the body: the stored currency stays (read under the row lock in replace()).
      currency: input.currency ?? '',
      contactEmail: input.contactEmail === null ? null : input.contactEmail.trim().toLowerCase(),
      contactPhone: input.contactPhone === null ? null : input.contactPhone.trim(),
    };
    return this.replace(businessId, 'settings.general.update', GENERAL, next, (em, before) => {
      if (!next.currency) next.currency = before.currency;
      return em.query(`UPDATE businesses SET name = $2, time_zone = $3, currency = $4, contact_email = $5, contact_phone = $6, updated_at = $7 WHERE id = $1`, [
        businessId,
        next.name,
        next.timeZone,
        next.currency,
        next.contactEmail,
        next.contactPhone,
        this.clock.now(),
      ]);
    });
  }

  /**
   * The colour, and the logo only as far as keeping or removing it: a logo is uploaded
   * (LogosService), so a URL other than the current one is refused (400 `logo_url_external`) and
   * nothing changes; no page of ours then loads an image from a server the owner chose.
   */
  async updateBranding(businessId: string, input: BrandingSettingsDto): Promise<BrandingSettings> {
    const current = one<BrandingSettings>(await this.db.query(BRANDING, [businessId]));
    const logoUrl = input.logoUrl === undefined ? current.logoUrl : input.logoUrl;
    if (logoUrl !== null && logoUrl !== current.logoUrl) {
      throw new DomainError(400, 'logo_url_external', 'A logo cannot be linked from elsewhere: upload it (PUT …/settings/branding/logo), send null to remove it, or leave logoUrl out to keep it');
    }
    const next: BrandingSettings = { primaryColor: input.primaryColor?.toLowerCase() ?? null, logoUrl };
    return this.replace(businessId, 'settings.branding.update', BRANDING, next, async (em) => {
      // Checked again under the row lock: an upload in between makes the sent URL a stale one.
      const [locked] = await em.query(`SELECT logo_url FROM businesses WHERE id = $1`, [businessId]);
      if (next.logoUrl !== null && locked?.logo_url !== next.logoUrl) {
        throw new DomainError(400, 'logo_url_external', 'The logo changed meanwhile; reload the branding settings and try again');
      }
      if (next.logoUrl === null) await em.query(`DELETE FROM business_logos WHERE business_id = $1`, [businessId]);
      await em.query(`UPDATE businesses SET primary_color = $2, logo_url = $3, updated_at = $4 WHERE id = $1`, [businessId, next.primaryColor, next.logoUrl, this.clock.now()]);
    });
  }

  /** Lock the row, write, and audit before/after in one transaction. */
  private replace<T extends object>(businessId: string, action: AuditActionName, select: string, next: T, write: (em: EntityManager, before: T) => Promise<unknown>): Promise<T> {
    return this.db.transaction(async (em) => {
      const before = one<T>(await em.query(`${select} FOR UPDATE`, [businessId]));
      await write(em, before);
      await this.audit.record(em, {
        action,
        businessId,
        targetType: 'business',
        targetId: businessId,
        status: 200,
        before: before as Record<string, unknown>,
        after: next as Record<string, unknown>,
      });
      return next;
    });
  }
}

function one<T>(rows: T[]): T {
  const row = rows[0];
  if (!row) throw notFound('Business');
  return row;
}
