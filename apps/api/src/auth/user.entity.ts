import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { UserKind } from '#contracts';

/**
 * The `users` table as the migrations leave it (synchronize is off; this class describes, it does
 * not create). A closed account (its last membership ended, docs/ARCHITECTURE.md §2) is always
 * disabled too (`users_closed_is_disabled`).
 */
@Entity('users')
@Check('users_email_check', `email = lower(email) AND length(email) <= 254`)
@Check('users_name_check', `length(name) >= 1 AND length(name) <= 200`)
@Check('users_kind_check', `kind IN ('operator', 'business')`)
@Check('users_closed_is_disabled', `closed_at IS NULL OR disabled_at IS NOT NULL`)
@Index('users_email_key', ['email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Always stored lower-cased; sign-in compares lower-cased input. */
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') kind: UserKind;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  /** Set when a business account's last membership ended; such an account cannot sign in until an invitation reopens it. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
