import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One opening interval of a business's week. Primary key (business_id, id), as every tenant table (docs/SCALING.md). */
@Entity('opening_hours')
export class OpeningHours {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  @Column('smallint') weekday: number;
  /** 'HH:MM:SS' as PostgreSQL returns a time; closes > opens (CHECK). */
  @Column('time') opens: string;
  @Column('time') closes: string;
}

@Entity('closed_dates')
export class ClosedDate {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  /** 'YYYY-MM-DD' in the business's own calendar. */
  @PrimaryColumn('date') date: string;
}
