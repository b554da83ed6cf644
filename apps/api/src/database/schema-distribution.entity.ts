import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a table distributes on Citus (docs/SCALING.md); a table with business_id and no row here is distributed by it. */
@Entity('schema_distribution')
export class SchemaDistribution {
  @PrimaryColumn('text', { name: 'table_name' }) tableName: string;
  @Column('text') kind: 'distributed' | 'reference' | 'local';
  /** Set exactly when `kind` is 'distributed'. */
  @Column('text', { name: 'distribution_column', nullable: true }) distributionColumn: string | null;
  @Column('text') reason: string;
}
