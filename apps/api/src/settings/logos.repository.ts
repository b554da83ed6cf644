import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { BusinessLogo } from './business-logo.entity.js';

/** The one reader and writer of `business_logos`. Writes take the caller's transaction. */
@Injectable()
export class LogosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The business's logo is gone (removed, or about to be replaced). */
  async remove(em: EntityManager, businessId: string): Promise<void> {
    await em.getRepository(BusinessLogo).delete({ businessId });
  }

  async insert(em: EntityManager, logo: Omit<BusinessLogo, 'id'>): Promise<void> {
    await em.getRepository(BusinessLogo).insert(logo);
  }

  /** The logo with that content hash, if it is still the business's current one. */
  async find(businessId: string, sha256: string): Promise<Pick<BusinessLogo, 'content' | 'contentType' | 'sha256'> | null> {
    return this.db.getRepository(BusinessLogo).findOne({ select: { content: true, contentType: true, sha256: true }, where: { businessId, sha256 } });
  }
}
