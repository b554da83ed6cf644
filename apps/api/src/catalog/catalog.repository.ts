import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { WeeklyHours } from '#contracts';
import { Resource, ResourceWorkingHours, ServiceResource } from './resource.entity.js';
import { BookableService } from './service.entity.js';

/** A service with the resources it names (empty = every active resource may perform it), by id. */
export interface ServiceWithResources {
  service: BookableService;
  resourceIds: string[];
}

/** A resource with its own weekly hours ('HH:MM', by weekday and opening time; empty = whenever the business is open). */
export interface ResourceWithHours {
  resource: Resource;
  workingHours: WeeklyHours[];
}

type Lock = { lock?: boolean };

/** 'HH:MM' of a PostgreSQL time ('HH:MM:SS'); '24:00:00' stays '24:00'. */
const hhmm = (time: string): string => time.slice(0, 5);
const toWeeklyHours = (h: ResourceWorkingHours): WeeklyHours => ({ weekday: Number(h.weekday), opens: hhmm(h.opens), closes: hhmm(h.closes) });

/**
 * The one reader and writer of services, resources, service_resources and resource_working_hours
 * (docs/ARCHITECTURE.md §8). Lists are in name order (lower(name), id). Every method takes the
 * caller's EntityManager when it runs inside the caller's transaction; other modules read through it.
 */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  // Services

  /** Every service of the business, active or not, with the resources each names. */
  async services(businessId: string, em?: EntityManager): Promise<ServiceWithResources[]> {
    const services = await this.manager(em)
      .getRepository(BookableService)
      .createQueryBuilder('s')
      .where('s.businessId = :businessId', { businessId })
      .orderBy('lower(s.name)')
      .addOrderBy('s.id')
      .getMany();
    const links = await this.manager(em)
      .getRepository(ServiceResource)
      .find({ where: { businessId }, order: { serviceId: 'ASC', resourceId: 'ASC' } });
    return services.map((service) => ({ service, resourceIds: links.filter((l) => l.serviceId === service.id).map((l) => l.resourceId) }));
  }

  findService(businessId: string, serviceId: string, em?: EntityManager, options: Lock = {}): Promise<BookableService | null> {
    return this.manager(em)
      .getRepository(BookableService)
      .findOne({ where: { businessId, id: serviceId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The ids of the resources the service names, in id order (empty = every active resource). */
  async serviceResourceIds(businessId: string, serviceId: string, em?: EntityManager): Promise<string[]> {
    const links = await this.manager(em)
      .getRepository(ServiceResource)
      .find({ where: { businessId, serviceId }, order: { resourceId: 'ASC' } });
    return links.map((l) => l.resourceId);
  }

  /** Inserts the service; the database generates the id and created_at. */
  async insertService(
    em: EntityManager,
    values: Pick<BookableService, 'businessId' | 'name' | 'durationMinutes' | 'priceCents' | 'active' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
  ): Promise<string> {
    const result = await em.getRepository(BookableService).insert(values);
    return (result.identifiers[0] as Pick<BookableService, 'id'>).id;
  }

  async updateService(
    em: EntityManager,
    businessId: string,
    serviceId: string,
    values: Pick<BookableService, 'name' | 'durationMinutes' | 'priceCents' | 'active' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
  ): Promise<void> {
    await em.getRepository(BookableService).update({ businessId, id: serviceId }, values);
  }

  /** Replaces the resources a service names (the ids must be the business's resources: see existingResourceIds). */
  async replaceServiceResources(em: EntityManager, businessId: string, serviceId: string, resourceIds: string[]): Promise<void> {
    const repo = em.getRepository(ServiceResource);
    await repo.delete({ businessId, serviceId });
    if (resourceIds.length) await repo.insert(resourceIds.map((resourceId) => ({ businessId, serviceId, resourceId })));
  }

  // Resources

  /** Every resource of the business, active or not, with its own weekly hours. */
  async resources(businessId: string, em?: EntityManager): Promise<ResourceWithHours[]> {
    const resources = await this.manager(em)
      .getRepository(Resource)
      .createQueryBuilder('r')
      .where('r.businessId = :businessId', { businessId })
      .orderBy('lower(r.name)')
      .addOrderBy('r.id')
      .getMany();
    const hours = await this.workingHours(businessId, null, em);
    return resources.map((resource) => ({ resource, workingHours: hours.get(resource.id) ?? [] }));
  }

  findResource(businessId: string, resourceId: string, em?: EntityManager, options: Lock = {}): Promise<Resource | null> {
    return this.manager(em)
      .getRepository(Resource)
      .findOne({ where: { businessId, id: resourceId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Which of these ids name resources of the business (another business's id does not). */
  async existingResourceIds(businessId: string, resourceIds: string[], em?: EntityManager): Promise<string[]> {
    if (!resourceIds.length) return [];
    const found = await this.manager(em)
      .getRepository(Resource)
      .find({ select: { id: true }, where: { businessId, id: In(resourceIds) } });
    return found.map((r) => r.id);
  }

  /**
   * The resources' own weekly hours by resource id ('HH:MM', by weekday and opening time); a
   * resource without hours has no entry. `resourceIds` null = every resource of the business.
   */
  async workingHours(businessId: string, resourceIds: string[] | null, em?: EntityManager): Promise<Map<string, WeeklyHours[]>> {
    if (resourceIds && !resourceIds.length) return new Map();
    const rows = await this.manager(em)
      .getRepository(ResourceWorkingHours)
      .find({ where: { businessId, ...(resourceIds ? { resourceId: In(resourceIds) } : {}) }, order: { weekday: 'ASC', opens: 'ASC' } });
    const byResource = new Map<string, WeeklyHours[]>();
    for (const row of rows) {
      const list = byResource.get(row.resourceId) ?? [];
      list.push(toWeeklyHours(row));
      byResource.set(row.resourceId, list);
    }
    return byResource;
  }

  /**
   * The active resources that may perform the service (it names none: every active resource; else
   * the active ones it names), in name order, with their own weekly hours.
   */
  async eligibleResources(businessId: string, serviceId: string, em?: EntityManager): Promise<ResourceWithHours[]> {
    const named = await this.serviceResourceIds(businessId, serviceId, em);
    const qb = this.manager(em).getRepository(Resource).createQueryBuilder('r').where('r.businessId = :businessId', { businessId }).andWhere('r.active');
    if (named.length) qb.andWhere('r.id IN (:...named)', { named });
    const resources = await qb.orderBy('lower(r.name)').addOrderBy('r.id').getMany();
    const hours = await this.workingHours(
      businessId,
      resources.map((r) => r.id),
      em,
    );
    return resources.map((resource) => ({ resource, workingHours: hours.get(resource.id) ?? [] }));
  }

  /** Inserts the resource; the database generates the id and created_at. */
  async insertResource(em: EntityManager, values: Pick<Resource, 'businessId' | 'name' | 'active'>): Promise<string> {
    const result = await em.getRepository(Resource).insert(values);
    return (result.identifiers[0] as Pick<Resource, 'id'>).id;
  }

  async updateResource(em: EntityManager, businessId: string, resourceId: string, values: Pick<Resource, 'name' | 'active'>): Promise<void> {
    await em.getRepository(Resource).update({ businessId, id: resourceId }, values);
  }

  /** Replaces a resource's own weekly hours. */
  async replaceWorkingHours(em: EntityManager, businessId: string, resourceId: string, hours: WeeklyHours[]): Promise<void> {
    const repo = em.getRepository(ResourceWorkingHours);
    await repo.delete({ businessId, resourceId });
    if (hours.length) await repo.insert(hours.map((h) => ({ businessId, resourceId, weekday: h.weekday, opens: h.opens, closes: h.closes })));
  }
}
