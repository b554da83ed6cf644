import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BookingSource, BookingStatus } from '#contracts';

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
  /** Where it was made: the admin, or the public booking page. */
  @Column('text') source: BookingSource;
  /**
   * The span the booking keeps its resource busy: start − the service's buffer before to end + its
   * buffer after, set by a database trigger at write time; the no-overlap constraint compares these.
   */
  @Column('timestamptz', { name: 'occupied_from' }) occupiedFrom: Date;
  @Column('timestamptz', { name: 'occupied_until' }) occupiedUntil: Date;
  /** SHA-256 (hex) of the customer's manage-link token; the token itself is never stored. */
  @Column('text', { name: 'manage_token_hash', nullable: true }) manageTokenHash: string | null;
  @Column('timestamptz', { name: 'manage_token_expires_at', nullable: true }) manageTokenExpiresAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** The real person who created it: the operator when created during impersonation. */
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('uuid', { name: 'created_in_impersonation', nullable: true }) createdInImpersonation: string | null;
}
