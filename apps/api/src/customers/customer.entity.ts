import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The `customers` table as the migrations leave it (synchronize is off; this class describes, it
 * does not create). Keyed by (business_id, id) like every tenant table (docs/ARCHITECTURE.md §1).
 * E-mails are stored lower-case and are unique within the business; the length CHECKs are the
 * limits of libs/contracts/src/limits.ts (docs/ARCHITECTURE.md §6).
 */
@Entity('customers')
@Check('customers_name_check', `length(name) >= 1 AND length(name) <= 200`)
@Check('customers_email_check', `email = lower(email)`)
@Check('customers_email_length', `length(email) <= 254`)
@Check('customers_phone_length', `length(phone) <= 50`)
@Check('customers_notes_length', `length(notes) <= 2000`)
// The list's order and keyset: (business_id, lower(name), id), an expression TypeORM does not describe.
@Index('customers_business_name', { synchronize: false })
@Index('customers_business_email', ['businessId', 'email'], { unique: true, where: 'email IS NOT NULL' })
// The list's contains-search: gin (name|email|phone gin_trgm_ops).
@Index('customers_name_trgm', { synchronize: false })
@Index('customers_email_trgm', { synchronize: false })
@Index('customers_phone_trgm', { synchronize: false })
export class Customer {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** The real person who created it (the operator during an impersonation); null for online bookings and the seed. */
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('uuid', { name: 'created_in_impersonation', nullable: true }) createdInImpersonation: string | null;
}
