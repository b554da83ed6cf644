import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BrandingSettings } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { BusinessScope } from '../access/business-scope.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { BusinessesRepository } from '../businesses/businesses.repository.js';
import { LogosRepository } from './logos.repository.js';
import { checkLogo, LOGO_MAX_BYTES, NotALogo } from './logo-image.js';

/** Where a business's current logo is served: our own origin, named by its content's hash. */
export function logoUrlFor(businessId: string, sha256: string): string {
  return `/api/public/logos/${businessId}/${sha256}`;
}

export interface ServedLogo {
  content: Buffer;
  contentType: string;
  sha256: string;
}

/**
 * Uploaded logos (docs/ARCHITECTURE.md, security): checked by content, stored in the database
 * (`business_logos`, one per business), served from our origin. `businesses.logo_url` is kept as the
 * served URL, so everything that shows a business's branding reads one column as before.
 */
@Injectable()
export class LogosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly context: ImpersonationContext,
    private readonly clock: Clock,
    private readonly businesses: BusinessesRepository,
    private readonly logos: LogosRepository,
  ) {}

  async upload(scope: BusinessScope, body: unknown): Promise<BrandingSettings> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new DomainError(415, 'logo_unsupported', 'Send the image itself as the body, with its type (image/png, image/jpeg, image/gif or image/webp)');
    }
    let logo;
    try {
      logo = checkLogo(body);
    } catch (err) {
      if (err instanceof NotALogo) throw new DomainError(415, 'logo_unsupported', err.message);
      throw err;
    }
    const businessId = scope.id;
    const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
    const url = logoUrlFor(businessId, sha256);
    return this.db.transaction(async (em) => {
      const before = await this.businesses.lock(em, businessId);
      if (!before) throw notFound('The business');
      await this.logos.remove(em, businessId);
      await this.logos.insert(em, {
        businessId,
        content: logo.bytes,
        contentType: logo.type,
        sha256,
        width: logo.width,
        height: logo.height,
        createdBy: this.context.actorId,
        createdInImpersonation: this.context.impersonationId,
        createdAt: this.clock.now(),
      });
      await this.businesses.setLogoUrl(em, businessId, url, this.clock.now());
      await this.audit.record(em, {
        action: 'settings.branding.logo.upload',
        businessId,
        targetType: 'business',
        targetId: businessId,
        status: 200,
        before: { logoUrl: before.logoUrl },
        after: { logoUrl: url },
        details: { type: logo.type, bytes: logo.bytes.length, uploadedBytes: body.length, width: logo.width, height: logo.height, sha256 },
      });
      return { primaryColor: before.primaryColor, logoUrl: url };
    });
  }

  async remove(scope: BusinessScope): Promise<BrandingSettings> {
    const businessId = scope.id;
    return this.db.transaction(async (em) => {
      const before = await this.businesses.lock(em, businessId);
      if (!before) throw notFound('The business');
      await this.logos.remove(em, businessId);
      await this.businesses.setLogoUrl(em, businessId, null, this.clock.now());
      if (before.logoUrl !== null) {
        await this.audit.record(em, {
          action: 'settings.branding.logo.remove',
          businessId,
          targetType: 'business',
          targetId: businessId,
          status: 200,
          before: { logoUrl: before.logoUrl },
          after: { logoUrl: null },
        });
      }
      return { primaryColor: before.primaryColor, logoUrl: null };
    });
  }

  /** The logo at that URL if it is still the business's current one (an old hash is gone: 404). */
  async served(businessId: string, sha256: string): Promise<ServedLogo> {
    if (!/^[0-9a-f-]{36}$/.test(businessId) || !/^[0-9a-f]{64}$/.test(sha256)) throw notFound('The logo');
    const row = await this.logos.find(businessId, sha256);
    if (!row) throw notFound('The logo');
    return { content: Buffer.from(row.content), contentType: row.contentType, sha256: row.sha256 };
  }
}

export { LOGO_MAX_BYTES };
