import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A customer of one business (migrations BookingDomain, TenantKeysForDistribution, AlignLimitChecks):
 * primary key (business_id, id); e-mails are stored lower-case and unique within the business.
 */
@Entity('customers')
@Index('customers_business_email', ['businessId', 'email'], { unique: true, where: 'email IS NOT NULL' })
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
