import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ResourceView, ServiceView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { notFound } from '../common/domain-error.js';
import type { Sql } from './booking-queries.js';
import type { CreateResourceDto, CreateServiceDto, UpdateResourceDto, UpdateServiceDto } from './dto/catalog.dto.js';

const SERVICE_COLUMNS = 'id, name, duration_minutes, price_cents, active';

/**
 * What a business offers (services) and what a booking occupies (resources). Staff read them to
 * book; only owners change them. Nothing is deleted: a retired service or resource is made inactive,
 * so past bookings keep their names.
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async services(businessId: string): Promise<ServiceView[]> {
    const rows = await this.db.query(`SELECT ${SERVICE_COLUMNS} FROM services WHERE business_id = $1 ORDER BY lower(name), id`, [businessId]);
    return rows.map(toService);
  }

  async createService(businessId: string, input: CreateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (em) => {
      const [row] = await em.query(
        `INSERT INTO services (business_id, name, duration_minutes, price_cents, active) VALUES ($1, $2, $3, $4, $5) RETURNING ${SERVICE_COLUMNS}`,
        [businessId, input.name, input.durationMinutes, input.priceCents, input.active ?? true],
      );
      const view = toService(row);
      await this.audit.record(em, { action: 'service.create', businessId, targetType: 'service', targetId: view.id, before: null, after: { ...view }, status: 201 });
      return view;
    });
  }

  async updateService(businessId: string, serviceId: string, input: UpdateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (em) => {
      const before = await this.findService(em, businessId, serviceId, true);
      await em.query(`UPDATE services SET name = $3, duration_minutes = $4, price_cents = $5, active = $6 WHERE business_id = $1 AND id = $2`, [
        businessId,
        serviceId,
        input.name ?? before.name,
        input.durationMinutes ?? before.durationMinutes,
        input.priceCents ?? before.priceCents,
        input.active ?? before.active,
      ]);
      const after = await this.findService(em, businessId, serviceId);
      await this.audit.record(em, { action: 'service.update', businessId, targetType: 'service', targetId: serviceId, before: { ...before }, after: { ...after }, status: 200 });
      return after;
    });
  }

  async resources(businessId: string): Promise<ResourceView[]> {
    const rows = await this.db.query(`SELECT id, name, active FROM resources WHERE business_id = $1 ORDER BY lower(name), id`, [businessId]);
    return rows.map(toResource);
  }

  async createResource(businessId: string, input: CreateResourceDto): Promise<ResourceView> {
    return this.db.transaction(async (em) => {
      const [row] = await em.query(`INSERT INTO resources (business_id, name, active) VALUES ($1, $2, $3) RETURNING id, name, active`, [businessId, input.name, input.active ?? true]);
      const view = toResource(row);
      await this.audit.record(em, { action: 'resource.create', businessId, targetType: 'resource', targetId: view.id, before: null, after: { ...view }, status: 201 });
      return view;
    });
  }

  async updateResource(businessId: string, resourceId: string, input: UpdateResourceDto): Promise<ResourceView> {
    return this.db.transaction(async (em) => {
      const before = await this.findResource(em, businessId, resourceId, true);
      await em.query(`UPDATE resources SET name = $3, active = $4 WHERE business_id = $1 AND id = $2`, [businessId, resourceId, input.name ?? before.name, input.active ?? before.active]);
      const after = await this.findResource(em, businessId, resourceId);
      await this.audit.record(em, { action: 'resource.update', businessId, targetType: 'resource', targetId: resourceId, before: { ...before }, after: { ...after }, status: 200 });
      return after;
    });
  }

  private async findService(sql: Sql, businessId: string, serviceId: string, lock = false): Promise<ServiceView> {
    const [row] = await sql.query(`SELECT ${SERVICE_COLUMNS} FROM services WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, serviceId]);
    if (!row) throw notFound('Service');
    return toService(row);
  }

  private async findResource(sql: Sql, businessId: string, resourceId: string, lock = false): Promise<ResourceView> {
    const [row] = await sql.query(`SELECT id, name, active FROM resources WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, resourceId]);
    if (!row) throw notFound('Resource');
    return toResource(row);
  }
}

function toService(row: { id: string; name: string; duration_minutes: number; price_cents: number; active: boolean }): ServiceView {
  return { id: row.id, name: row.name, durationMinutes: Number(row.duration_minutes), priceCents: Number(row.price_cents), active: Boolean(row.active) };
}

function toResource(row: { id: string; name: string; active: boolean }): ResourceView {
  return { id: row.id, name: row.name, active: Boolean(row.active) };
}
