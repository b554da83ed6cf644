import { Check, Column, Entity, Exclusion, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { BookingSource, BookingStatus } from '#contracts';

/**
 * The `bookings` table as the migrations leave it (synchronize is off; this class describes, it
 * does not create). Keyed by (business_id, id) like every tenant table (docs/ARCHITECTURE.md §1);
 * the customer, service and resource are composite foreign keys (business_id, x_id) onto their
 * tables' (business_id, id), so a booking can only ever name its own business's rows. Queries join
 * those entities on both columns (bookings.repository.ts).
 *
 * Two live bookings of one resource never overlap, buffers included: the exclusion constraint, the
 * only check two racing writes cannot both pass (a violation is 409 `slot_taken`).
 */
@Entity('bookings')
@Exclusion(
  'bookings_no_overlap',
  `USING gist (business_id WITH =, resource_id WITH =, tstzrange(occupied_from, occupied_until, '[)') WITH &&) WHERE (status <> 'cancelled')`,
)
@Check('bookings_status_check', `status IN ('confirmed', 'cancelled', 'completed', 'no_show')`)
@Check('bookings_source_check', `source IN ('admin', 'online')`)
@Check('bookings_check', `ends_at > starts_at`)
@Check('bookings_span_at_most_a_day', `ends_at - starts_at <= interval '24 hours'`)
@Check('bookings_occupied_covers', `occupied_from <= starts_at AND occupied_until >= ends_at`)
@Check('bookings_manage_token', `(manage_token_hash IS NULL) = (manage_token_expires_at IS NULL)`)
@Check('bookings_notes_length', `length(notes) <= 2000`)
// The business's list and counts (INCLUDE (status): dashboard counts read the index alone).
@Index('bookings_business_starts', ['businessId', 'startsAt', 'id'])
@Index('bookings_business_customer', ['businessId', 'customerId', 'startsAt'])
// All bookings (operator): (starts_at DESC, id DESC) INCLUDE (business_id, status), newest start first.
@Index('bookings_starts_desc', ['startsAt', 'id'])
@Index('bookings_manage_token_hash', ['manageTokenHash'], { where: 'manage_token_hash IS NOT NULL' })
export class Booking {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  /** → customers (business_id, id). */
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  /** → services (business_id, id). */
  @Column('uuid', { name: 'service_id' }) serviceId: string;
  /** → resources (business_id, id). */
  @Column('uuid', { name: 'resource_id' }) resourceId: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  @Column('text', { default: 'confirmed' }) status: BookingStatus;
  @Column('text', { nullable: true }) notes: string | null;
  /** Where it was made: the admin, or the public booking page. */
  @Column('text', { default: 'admin' }) source: BookingSource;
  /**
   * The span the booking keeps its resource busy: start − the service's buffer before to end + its
   * buffer after, set by the `bookings_occupied_span` trigger at write time (never by the app); the
   * no-overlap constraint compares these.
   */
  @Column({ type: 'timestamptz', name: 'occupied_from', insert: false, update: false }) occupiedFrom: Date;
  @Column({ type: 'timestamptz', name: 'occupied_until', insert: false, update: false }) occupiedUntil: Date;
  /** SHA-256 (hex) of the customer's manage-link token; the token itself is never stored. */
  @Column('text', { name: 'manage_token_hash', nullable: true }) manageTokenHash: string | null;
  @Column('timestamptz', { name: 'manage_token_expires_at', nullable: true }) manageTokenExpiresAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** → users (id): the real person who created it, the operator when created during impersonation. */
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  /** → impersonations (id). */
  @Column('uuid', { name: 'created_in_impersonation', nullable: true }) createdInImpersonation: string | null;
}
