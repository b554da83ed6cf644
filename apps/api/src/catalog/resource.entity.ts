import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a booking occupies: a chair, a room, a practitioner. The `resources` table as the migrations
 * leave it (synchronize is off; these classes describe, they do not create), keyed by (business_id, id)
 * like every tenant table (docs/ARCHITECTURE.md §1).
 */
@Entity('resources')
@Check('resources_name_check', `length(name) >= 1 AND length(name) <= 200`)
export class Resource {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('boolean', { default: true }) active: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/**
 * A resource's own weekly hours ('HH:MM:SS' local wall clock; closes may be '24:00:00'). No rows:
 * it works whenever the business is open. resource_id → resources (business_id, id).
 */
@Entity('resource_working_hours')
@Check('resource_working_hours_weekday_check', `weekday >= 1 AND weekday <= 7`)
@Check('resource_working_hours_check', `closes > opens`)
@Index('resource_working_hours_resource', ['businessId', 'resourceId', 'weekday'])
export class ResourceWorkingHours {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'resource_id' }) resourceId: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  @Column('smallint') weekday: number;
  @Column('time') opens: string;
  @Column('time') closes: string;
}

/**
 * Which resources may perform a service. A service with no rows may use every active resource.
 * service_id → services (business_id, id), resource_id → resources (business_id, id).
 */
@Entity('service_resources')
@Index('service_resources_resource', ['businessId', 'resourceId'])
export class ServiceResource {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryColumn('uuid', { name: 'service_id' }) serviceId: string;
  @PrimaryColumn('uuid', { name: 'resource_id' }) resourceId: string;
}
