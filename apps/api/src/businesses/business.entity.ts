import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BusinessStatus } from '#contracts';

/**
 * The tenant directory (migrations 1764000000000, 1765700000000, 1766000002000, 1766400000000,
 * 1766400001000). Written only through BusinessesRepository; the index businesses_name is on
 * (lower(name), id), an expression TypeORM cannot declare.
 */
@Entity('businesses')
export class Business {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) slug: string;
  @Column('text') name: string;
  @Column('text', { default: 'active' }) status: BusinessStatus;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** ISO 4217 code every price of the business is shown in (libs/contracts currencies.ts). */
  @Column('text', { default: 'EUR' }) currency: string;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  @Column('text', { name: 'contact_phone', nullable: true }) contactPhone: string | null;
  @Column('text', { name: 'primary_color', nullable: true }) primaryColor: string | null;
  /** Only ever our own route for the uploaded logo (a CHECK enforces it). */
  @Column('text', { name: 'logo_url', nullable: true }) logoUrl: string | null;
  /** Whether the public booking page takes bookings (owners switch it; off until they do). */
  @Column('boolean', { name: 'online_booking_enabled', default: false }) onlineBookingEnabled: boolean;
  /** Online bookings must start at least this long after now. */
  @Column('integer', { name: 'min_notice_minutes', default: 120 }) minNoticeMinutes: number;
  /** Online bookings may start at most this many days ahead. */
  @Column('integer', { name: 'booking_horizon_days', default: 60 }) bookingHorizonDays: number;
  /** Customers may cancel or reschedule through their manage link until this many hours before the start. */
  @Column('integer', { name: 'cancellation_window_hours', default: 24 }) cancellationWindowHours: number;
  /** When an owner first saved the opening hours (the defaults count only once confirmed); null until then. */
  @Column('timestamptz', { name: 'hours_confirmed_at', nullable: true }) hoursConfirmedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
