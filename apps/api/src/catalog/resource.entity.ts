import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What a booking occupies: a chair, a room, a practitioner. Primary key (business_id, id). */
@Entity('resources')
export class Resource {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('boolean', { default: true }) active: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** A resource's own weekly hours ('HH:MM:SS' local wall clock). No rows: it works whenever the business is open. */
@Entity('resource_working_hours')
export class ResourceWorkingHours {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'resource_id' }) resourceId: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  @Column('smallint') weekday: number;
  @Column('time') opens: string;
  @Column('time') closes: string;
}

/** Which resources may perform a service. A service with no rows may use every active resource. */
@Entity('service_resources')
export class ServiceResource {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryColumn('uuid', { name: 'service_id' }) serviceId: string;
  @PrimaryColumn('uuid', { name: 'resource_id' }) resourceId: string;
}
