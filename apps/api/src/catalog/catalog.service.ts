import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResourceView, ServiceView, WeeklyHours } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { weeklyHoursErrors } from '../common/weekly-hours.js';
import { CatalogRepository, type ResourceWithHours } from './catalog.repository.js';
import type { CreateResourceDto, CreateServiceDto, UpdateResourceDto, UpdateServiceDto } from './dto.js';
import type { BookableService } from './service.entity.js';

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
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  async services(scope: Pick<BusinessScope, 'id'>): Promise<ServiceView[]> {
    const rows = await this.catalog.services(scope.id);
    return rows.map((r) => toService(r.service, r.resourceIds));
  }

  async createService(scope: BusinessScope, input: CreateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (em) => {
      const id = await this.catalog.insertService(em, {
        businessId: scope.id,
        name: input.name,
        durationMinutes: input.durationMinutes,
        priceCents: input.priceCents,
        active: input.active ?? true,
        bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
        bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
      });
      if (input.resourceIds?.length) await this.replaceEligibility(em, scope.id, id, input.resourceIds);
      const view = await this.findService(em, scope.id, id);
      await this.audit.record(em, {
        action: 'service.create',
        businessId: scope.id,
        targetType: 'service',
        targetId: view.id,
        before: null,
        after: { ...view },
        status: 201,
      });
      return view;
    });
  }

  async updateService(scope: BusinessScope, serviceId: string, input: UpdateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (em) => {
      const before = await this.findService(em, scope.id, serviceId, true);
      await this.catalog.updateService(em, scope.id, serviceId, {
        name: input.name ?? before.name,
        durationMinutes: input.durationMinutes ?? before.durationMinutes,
        priceCents: input.priceCents ?? before.priceCents,
        active: input.active ?? before.active,
        bufferBeforeMinutes: input.bufferBeforeMinutes ?? before.bufferBeforeMinutes,
        bufferAfterMinutes: input.bufferAfterMinutes ?? before.bufferAfterMinutes,
      });
      if (input.resourceIds !== undefined) await this.replaceEligibility(em, scope.id, serviceId, input.resourceIds);
      const after = await this.findService(em, scope.id, serviceId);
      await this.audit.record(em, {
        action: 'service.update',
        businessId: scope.id,
        targetType: 'service',
        targetId: serviceId,
        before: { ...before },
        after: { ...after },
        status: 200,
      });
      return after;
    });
  }

  async resources(scope: Pick<BusinessScope, 'id'>): Promise<ResourceView[]> {
    const rows = await this.catalog.resources(scope.id);
    return rows.map(toResource);
  }

  async createResource(scope: BusinessScope, input: CreateResourceDto): Promise<ResourceView> {
    if (input.workingHours) assertWeeklyHours(input.workingHours, 'workingHours');
    return this.db.transaction(async (em) => {
      const id = await this.catalog.insertResource(em, { businessId: scope.id, name: input.name, active: input.active ?? true });
      if (input.workingHours?.length) await this.catalog.replaceWorkingHours(em, scope.id, id, input.workingHours);
      const view = await this.findResource(em, scope.id, id);
      await this.audit.record(em, {
        action: 'resource.create',
        businessId: scope.id,
        targetType: 'resource',
        targetId: view.id,
        before: null,
        after: { ...view },
        status: 201,
      });
      return view;
    });
  }

  async updateResource(scope: BusinessScope, resourceId: string, input: UpdateResourceDto): Promise<ResourceView> {
    if (input.workingHours) assertWeeklyHours(input.workingHours, 'workingHours');
    return this.db.transaction(async (em) => {
      const before = await this.findResource(em, scope.id, resourceId, true);
      await this.catalog.updateResource(em, scope.id, resourceId, { name: input.name ?? before.name, active: input.active ?? before.active });
      if (input.workingHours !== undefined) await this.catalog.replaceWorkingHours(em, scope.id, resourceId, input.workingHours);
      const after = await this.findResource(em, scope.id, resourceId);
      await this.audit.record(em, {
        action: 'resource.update',
        businessId: scope.id,
        targetType: 'resource',
        targetId: resourceId,
        before: { ...before },
        after: { ...after },
        status: 200,
      });
      return after;
    });
  }

  /** Every id must be a resource of this business: another business's id is "not found", like a made-up one. */
  private async replaceEligibility(em: EntityManager, businessId: string, serviceId: string, resourceIds: string[]): Promise<void> {
    const found = await this.catalog.existingResourceIds(businessId, resourceIds, em);
    const missing = resourceIds.filter((id) => !found.includes(id));
    if (missing.length) {
      const message = `No resource ${missing.join(', ')} in this business`;
      throw new DomainError(404, 'not_found', message, { errors: [{ field: 'resourceIds', messages: [message] }] });
    }
    await this.catalog.replaceServiceResources(em, businessId, serviceId, resourceIds);
  }

  private async findService(em: EntityManager, businessId: string, serviceId: string, lock = false): Promise<ServiceView> {
    const service = await this.catalog.findService(businessId, serviceId, em, { lock });
    if (!service) throw notFound('Service');
    return toService(service, await this.catalog.serviceResourceIds(businessId, serviceId, em));
  }

  private async findResource(em: EntityManager, businessId: string, resourceId: string, lock = false): Promise<ResourceView> {
    const resource = await this.catalog.findResource(businessId, resourceId, em, { lock });
    if (!resource) throw notFound('Resource');
    const hours = await this.catalog.workingHours(businessId, [resourceId], em);
    return toResource({ resource, workingHours: hours.get(resourceId) ?? [] });
  }
}

function assertWeeklyHours(hours: WeeklyHours[], field: string): void {
  const errors = weeklyHoursErrors(hours).map((e) => ({ ...e, field: e.field.replace(/^weekly/, field) }));
  if (errors.length) throw new DomainError(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '), { errors });
}

function toService(service: BookableService, resourceIds: string[]): ServiceView {
  return {
    id: service.id,
    name: service.name,
    durationMinutes: service.durationMinutes,
    priceCents: service.priceCents,
    active: service.active,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    resourceIds,
  };
}

function toResource({ resource, workingHours }: ResourceWithHours): ResourceView {
  return { id: resource.id, name: resource.name, active: resource.active, workingHours };
}
