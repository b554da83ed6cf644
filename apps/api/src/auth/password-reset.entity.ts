import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The `password_resets` table as the migrations leave it (synchronize is off; this class describes,
 * it does not create). Every request writes a row, so the throttle counts known and unknown addresses
 * alike; only a row for an account carries a link (`token_hash`, the hash of its secret).
 */
@Entity('password_resets')
@Check('password_resets_account_hash_check', `length(account_hash) = 64`)
@Check('password_resets_token_hash_check', `length(token_hash) = 64`)
@Check('password_resets_check', `(user_id IS NULL) = (token_hash IS NULL)`)
// (account_hash, created_at DESC) and (ip, created_at DESC): descending keys, which TypeORM does not describe.
@Index('password_resets_account', { synchronize: false })
@Index('password_resets_ip', { synchronize: false })
@Index('password_resets_user_open', ['userId'], { where: 'used_at IS NULL AND user_id IS NOT NULL' })
export class PasswordReset {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The account the link is for; null for a request that names no (usable) account. */
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text', { name: 'account_hash' }) accountHash: string;
  @Column('text', { name: 'token_hash', nullable: true }) tokenHash: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
}
