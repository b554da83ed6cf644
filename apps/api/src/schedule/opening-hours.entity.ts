import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('opening_hours')
export class OpeningHours {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  @Column('smallint') weekday: number;
  /** 'HH:MM:SS' as PostgreSQL returns a time. */
  @Column('time') opens: string;
  @Column('time') closes: string;
}

@Entity('closed_dates')
export class ClosedDate {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  /** 'YYYY-MM-DD' in the business's own calendar. */
  @PrimaryColumn('date') date: string;
}
