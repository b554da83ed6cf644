import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isCurrencyCode, type AuditActionName, type BrandingSettings, type GeneralSettings } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { AuditService } from '../audit/audit.service.js';
import type { Business } from '../businesses/business.entity.js';
import { BusinessesRepository } from '../businesses/businesses.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { TimeZoneCatalog } from '../common/time-zones.js';
import type { BrandingSettingsDto, GeneralSettingsDto } from './dto.js';
import { LogosRepository } from './logos.repository.js';

const general = (b: Business): GeneralSettings => ({
  name: b.name,
  timeZone: b.timeZone,
  currency: b.currency,
  contactEmail: b.contactEmail,
  contactPhone: b.contactPhone,
});
const branding = (b: Business): BrandingSettings => ({ primaryColor: b.primaryColor, logoUrl: b.logoUrl });

/**
 * A business's own settings: general (name, zone, contact) and branding (colour, logo). The access
 * guard has already checked the caller's role in this business and resolved it (the scope); the
 * columns are read and written through BusinessesRepository. Status and slug are not here on
 * purpose: only the operator changes those (PATCH /businesses/:id).
 */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly businesses: BusinessesRepository,
    private readonly logos: LogosRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZones: TimeZoneCatalog,
  ) {}

  async general(scope: BusinessScope): Promise<GeneralSettings> {
    return general(await this.row(scope));
  }

  async branding(scope: BusinessScope): Promise<BrandingSettings> {
    return branding(await this.row(scope));
  }

  async updateGeneral(scope: BusinessScope, input: GeneralSettingsDto): Promise<GeneralSettings> {
    if (input.currency !== undefined && !isCurrencyCode(input.currency)) {
      throw new DomainError(
        400,
        'invalid_currency',
        `currency must be an ISO 4217 code with two decimals, such as EUR, GBP or USD (got ${JSON.stringify(String(input.currency).slice(0, 10))})`,
      );
    }
    const next: GeneralSettings = {
      name: input.name,
      timeZone: await this.timeZones.assertStorable(input.timeZone),
      // Left out of the body: the stored currency stays (read under the row lock in replace()).
      currency: input.currency ?? '',
      contactEmail: input.contactEmail === null ? null : input.contactEmail.trim().toLowerCase(),
      contactPhone: input.contactPhone === null ? null : input.contactPhone.trim(),
    };
    return this.replace(scope, 'settings.general.update', general, next, async (em, before) => {
      if (!next.currency) next.currency = before.currency;
      await this.businesses.updateGeneral(em, scope.id, next, this.clock.now());
    });
  }

  /**
   * The colour, and the logo only as far as keeping or removing it: a logo is uploaded
   * (LogosService), so a URL other than the current one is refused (400 `logo_url_external`) and
   * nothing changes; no page of ours then loads an image from a server the owner chose.
   */
  async updateBranding(scope: BusinessScope, input: BrandingSettingsDto): Promise<BrandingSettings> {
    const current = branding(await this.row(scope));
    const logoUrl = input.logoUrl === undefined ? current.logoUrl : input.logoUrl;
    if (logoUrl !== null && logoUrl !== current.logoUrl) {
      throw new DomainError(
        400,
        'logo_url_external',
        'A logo cannot be linked from elsewhere: upload it (PUT …/settings/branding/logo), send null to remove it, or leave logoUrl out to keep it',
      );
    }
    const next: BrandingSettings = { primaryColor: input.primaryColor?.toLowerCase() ?? null, logoUrl };
    return this.replace(scope, 'settings.branding.update', branding, next, async (em, locked) => {
      // Checked again under the row lock: an upload in between makes the sent URL a stale one.
      if (next.logoUrl !== null && locked.logoUrl !== next.logoUrl) {
        throw new DomainError(400, 'logo_url_external', 'The logo changed meanwhile; reload the branding settings and try again');
      }
      if (next.logoUrl === null) await this.logos.remove(em, scope.id);
      await this.businesses.updateBranding(em, scope.id, next, this.clock.now());
    });
  }

  private async row(scope: BusinessScope): Promise<Business> {
    const row = await this.businesses.find(scope.id);
    if (!row) throw notFound('Business');
    return row;
  }

  /** Lock the row, write, and audit before/after in one transaction. */
  private replace<T extends object>(
    scope: BusinessScope,
    action: AuditActionName,
    pick: (b: Business) => T,
    next: T,
    write: (em: EntityManager, before: T) => Promise<void>,
  ): Promise<T> {
    return this.db.transaction(async (em) => {
      const locked = await this.businesses.lock(em, scope.id);
      if (!locked) throw notFound('Business');
      const before = pick(locked);
      await write(em, before);
      await this.audit.record(em, {
        action,
        businessId: scope.id,
        targetType: 'business',
        targetId: scope.id,
        status: 200,
        before: before as Record<string, unknown>,
        after: next as Record<string, unknown>,
      });
      return next;
    });
  }
}
