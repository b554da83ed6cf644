import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `login_throttle` table as the migrations leave it (synchronize is off; this class describes,
 * it does not create): sign-in throttling state, one row per key (an account/address pair, an
 * account, an address), read and written under row locks (auth/login-throttle.ts).
 */
@Entity('login_throttle')
@Check('login_throttle_key_check', `length(key) <= 400`)
@Check('login_throttle_failures_check', `failures >= 0`)
@Check('login_throttle_in_flight_check', `in_flight >= 0`)
@Index('login_throttle_updated', ['updatedAt'])
export class LoginThrottleKey {
  @PrimaryColumn('text') key: string;
  @Column('integer', { default: 0 }) failures: number;
  @Column('timestamptz', { name: 'last_failure_at', nullable: true }) lastFailureAt: Date | null;
  @Column('integer', { name: 'in_flight', default: 0 }) inFlight: number;
  @Column('timestamptz', { name: 'in_flight_until', nullable: true }) inFlightUntil: Date | null;
  @Column('timestamptz', { name: 'next_allowed_at', nullable: true }) nextAllowedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
