import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `public_rate_limits` table as the migrations leave it (UNLOGGED; synchronize is off, this class
 * describes, it does not create): one counter per key and fixed window (public/public-rate-limit.guard.ts).
 */
@Entity('public_rate_limits')
@Check('public_rate_limits_key_check', `length(key) <= 200`)
@Check('public_rate_limits_window_seconds_check', `window_seconds > 0`)
@Check('public_rate_limits_hits_check', `hits > 0`)
@Index('public_rate_limits_window', ['windowStart'])
export class PublicRateLimit {
  @PrimaryColumn('text') key: string;
  @PrimaryColumn('integer', { name: 'window_seconds' }) windowSeconds: number;
  @PrimaryColumn('timestamptz', { name: 'window_start' }) windowStart: Date;
  @Column('integer') hits: number;
}
