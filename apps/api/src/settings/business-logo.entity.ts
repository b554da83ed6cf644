import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The one current logo of a business (migration 1766000002000): checked, metadata-stripped bytes,
 * served from our own origin. Written only through LogosRepository.
 */
@Entity('business_logos')
@Unique(['businessId'])
export class BusinessLogo {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('bytea') content: Buffer;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('text') sha256: string;
  @Column('integer') width: number;
  @Column('integer') height: number;
  /** The real person who uploaded it: the operator when uploaded during impersonation. */
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('uuid', { name: 'created_in_impersonation', nullable: true }) createdInImpersonation: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
