import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BusinessStatus } from '#contracts';

@Entity('businesses')
export class Business {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('text') status: BusinessStatus;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** ISO 4217 code every price of the business is shown in (libs/contracts currencies.ts). */
  @Column('text') currency: string;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  @Column('text', { name: 'contact_phone', nullable: true }) contactPhone: string | null;
  @Column('text', { name: 'primary_color', nullable: true }) primaryColor: string | null;
  @Column('text', { name: 'logo_url', nullable: true }) logoUrl: string | null;
  /** Whether the public booking page takes bookings (owners switch it; off until they do). */
  @Column('boolean', { name: 'online_booking_enabled' }) onlineBookingEnabled: boolean;
  /** Online bookings must start at least this long after now. */
  @Column('integer', { name: 'min_notice_minutes' }) minNoticeMinutes: number;
  /** Online bookings may start at most this many days ahead. */
  @Column('integer', { name: 'booking_horizon_days' }) bookingHorizonDays: number;
  /** Customers may cancel or reschedule through their manage link until this many hours before the start. */
  @Column('integer', { name: 'cancellation_window_hours' }) cancellationWindowHours: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
