import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BookingStatus } from '#contracts';

@Entity('bookings')
export class Booking {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'service_id' }) serviceId: string;
  @Column('uuid', { name: 'resource_id' }) resourceId: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  @Column('text') status: BookingStatus;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** The real person who created it: the operator when created during impersonation. */
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('uuid', { name: 'created_in_impersonation', nullable: true }) createdInImpersonation: string | null;
}
