import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ResourceView, ServiceView, WeeklyHours } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { weeklyHoursErrors } from '../common/weekly-hours.js';
import type { Sql } from '../bookings/booking-queries.js';
import type { CreateResourceDto, CreateServiceDto, UpdateResourceDto, UpdateServiceDto } from './dto.js';

const SERVICE_COLUMNS = `id, name, duration_minutes, price_cents, active, buffer_before_minutes, buffer_after_minutes,
  ARRAY(SELECT sr.resource_id::text FROM service_resources sr WHERE sr.business_id = services.business_id AND sr.service_id = services.id ORDER BY sr.resource_id) AS resource_ids`;
const RESOURCE_COLUMNS = `id, name, active,
  coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday, h.opens)
     FROM resource_working_hours h WHERE h.business_id = resources.business_id AND h.resource_id = resources.id), '[]'::json) AS working_hours`;

/**
 * What a business offers (services) and what a booking occupies (resources). Staff read them to
 * book; only owners change them. Nothing is deleted: a retired service or resource is made inactive,
 * so past bookings keep their names. A service also says which resources may perform it and how long
 * to keep the resource free around it (buffers); a resource may have its own weekly hours. Lists in
 * a PUT-like field (resourceIds, workingHours) replace the old list in the same transaction.
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
      const [{ id }] = await em.query(
        `INSERT INTO services (business_id, name, duration_minutes, price_cents, active, buffer_before_minutes, buffer_after_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [businessId, input.name, input.durationMinutes, input.priceCents, input.active ?? true, input.bufferBeforeMinutes ?? 0, input.bufferAfterMinutes ?? 0],
      );
      if (input.resourceIds?.length) await this.replaceEligibility(em, businessId, id, input.resourceIds);
      const view = await this.findService(em, businessId, id);
      await this.audit.record(em, { action: 'service.create', businessId, targetType: 'service', targetId: view.id, before: null, after: { ...view }, status: 201 });
      return view;
    });
  }

  async updateService(businessId: string, serviceId: string, input: UpdateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (em) => {
      const before = await this.findService(em, businessId, serviceId, true);
      await em.query(
        `UPDATE services SET name = $3, duration_minutes = $4, price_cents = $5, active = $6, buffer_before_minutes = $7, buffer_after_minutes = $8
          WHERE business_id = $1 AND id = $2`,
        [
          businessId,
          serviceId,
          input.name ?? before.name,
          input.durationMinutes ?? before.durationMinutes,
          input.priceCents ?? before.priceCents,
          input.active ?? before.active,
          input.bufferBeforeMinutes ?? before.bufferBeforeMinutes,
          input.bufferAfterMinutes ?? before.bufferAfterMinutes,
        ],
      );
      if (input.resourceIds !== undefined) await this.replaceEligibility(em, businessId, serviceId, input.resourceIds);
      const after = await this.findService(em, businessId, serviceId);
      await this.audit.record(em, { action: 'service.update', businessId, targetType: 'service', targetId: serviceId, before: { ...before }, after: { ...after }, status: 200 });
      return after;
    });
  }

  async resources(businessId: string): Promise<ResourceView[]> {
    const rows = await this.db.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE business_id = $1 ORDER BY lower(name), id`, [businessId]);
    return rows.map(toResource);
  }

  async createResource(businessId: string, input: CreateResourceDto): Promise<ResourceView> {
    if (input.workingHours) assertWeeklyHours(input.workingHours, 'workingHours');
    return this.db.transaction(async (em) => {
      const [{ id }] = await em.query(`INSERT INTO resources (business_id, name, active) VALUES ($1, $2, $3) RETURNING id`, [businessId, input.name, input.active ?? true]);
      if (input.workingHours?.length) await this.replaceWorkingHours(em, businessId, id, input.workingHours);
      const view = await this.findResource(em, businessId, id);
      await this.audit.record(em, { action: 'resource.create', businessId, targetType: 'resource', targetId: view.id, before: null, after: { ...view }, status: 201 });
      return view;
    });
  }

  async updateResource(businessId: string, resourceId: string, input: UpdateResourceDto): Promise<ResourceView> {
    if (input.workingHours) assertWeeklyHours(input.workingHours, 'workingHours');
    return this.db.transaction(async (em) => {
      const before = await this.findResource(em, businessId, resourceId, true);
      await em.query(`UPDATE resources SET name = $3, active = $4 WHERE business_id = $1 AND id = $2`, [businessId, resourceId, input.name ?? before.name, input.active ?? before.active]);
      if (input.workingHours !== undefined) await this.replaceWorkingHours(em, businessId, resourceId, input.workingHours);
      const after = await this.findResource(em, businessId, resourceId);
      await this.audit.record(em, { action: 'resource.update', businessId, targetType: 'resource', targetId: resourceId, before: { ...before }, after: { ...after }, status: 200 });
      return after;
    });
  }

  /** Every id must be a resource of this business: another business's id is "not found", like a made-up one. */
  private async replaceEligibility(sql: Sql, businessId: string, serviceId: string, resourceIds: string[]): Promise<void> {
    const found: { id: string }[] = resourceIds.length
      ? await sql.query(`SELECT id FROM resources WHERE business_id = $1 AND id = ANY($2::uuid[])`, [businessId, resourceIds])
      : [];
    const missing = resourceIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      const message = `No resource ${missing.join(', ')} in this business`;
      throw new DomainError(404, 'not_found', message, { errors: [{ field: 'resourceIds', messages: [message] }] });
    }
    await sql.query(`DELETE FROM service_resources WHERE business_id = $1 AND service_id = $2`, [businessId, serviceId]);
    if (resourceIds.length) {
      await sql.query(`INSERT INTO service_resources (business_id, service_id, resource_id) SELECT $1, $2, unnest($3::uuid[])`, [businessId, serviceId, resourceIds]);
    }
  }

  private async replaceWorkingHours(sql: Sql, businessId: string, resourceId: string, hours: WeeklyHours[]): Promise<void> {
    await sql.query(`DELETE FROM resource_working_hours WHERE business_id = $1 AND resource_id = $2`, [businessId, resourceId]);
    for (const h of hours) {
      await sql.query(`INSERT INTO resource_working_hours (business_id, resource_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5)`, [
        businessId, resourceId, h.weekday, h.opens, h.closes,
      ]);
    }
  }

  private async findService(sql: Sql, businessId: string, serviceId: string, lock = false): Promise<ServiceView> {
    if (lock) await sql.query(`SELECT id FROM services WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, serviceId]);
    const [row] = await sql.query(`SELECT ${SERVICE_COLUMNS} FROM services WHERE business_id = $1 AND id = $2`, [businessId, serviceId]);
    if (!row) throw notFound('Service');
    return toService(row);
  }

  private async findResource(sql: Sql, businessId: string, resourceId: string, lock = false): Promise<ResourceView> {
    if (lock) await sql.query(`SELECT id FROM resources WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, resourceId]);
    const [row] = await sql.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE business_id = $1 AND id = $2`, [businessId, resourceId]);
    if (!row) throw notFound('Resource');
    return toResource(row);
  }
}

function assertWeeklyHours(hours: WeeklyHours[], field: string): void {
  const errors = weeklyHoursErrors(hours).map((e) => ({ ...e, field: e.field.replace(/^weekly/, field) }));
  if (errors.length) throw new DomainError(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), { errors });
}

interface ServiceRow {
  id: string;
  name: string;
  duration_minutes: number;
  price_cents: number;
  active: boolean;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  resource_ids: string[] | string;
}

/** node-postgres parses text[]; PGlite may hand back the '{a,b}' literal. */
function textArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value.replace(/^\{|\}$/g, '').split(',');
}

function toService(row: ServiceRow): ServiceView {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: Number(row.duration_minutes),
    priceCents: Number(row.price_cents),
    active: Boolean(row.active),
    bufferBeforeMinutes: Number(row.buffer_before_minutes),
    bufferAfterMinutes: Number(row.buffer_after_minutes),
    resourceIds: textArray(row.resource_ids),
  };
}

function toResource(row: { id: string; name: string; active: boolean; working_hours: WeeklyHours[] | string }): ResourceView {
  const hours = typeof row.working_hours === 'string' ? (JSON.parse(row.working_hours) as WeeklyHours[]) : row.working_hours;
  return { id: row.id, name: row.name, active: Boolean(row.active), workingHours: hours.map((h) => ({ weekday: Number(h.weekday), opens: h.opens, closes: h.closes })) };
}
