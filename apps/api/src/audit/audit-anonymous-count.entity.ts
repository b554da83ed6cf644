import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditActionName, AuditOutcome } from '#contracts';

/**
 * Per-minute counters of anonymous refusals (AnonymousEvents), unchained; folded into summary rows
 * of the platform chain once the minute has closed. Written only by the audit module.
 */
@Entity('audit_anonymous_counts')
export class AuditAnonymousCount {
  @PrimaryColumn('timestamptz') bucket: Date;
  /** 'event': one (status, code, address, target); 'address': one address's total; 'all': everyone's. */
  @PrimaryColumn('text') scope: 'event' | 'address' | 'all';
  @PrimaryColumn('text') action: AuditActionName;
  @PrimaryColumn('text') outcome: AuditOutcome;
  @PrimaryColumn('integer') status: number;
  @PrimaryColumn('text') code: string;
  @PrimaryColumn('text') ip: string;
  @PrimaryColumn('text') target: string;
  @Column('integer') count: number;
  /** How many of them got their own full chain row. */
  @Column('integer', { default: 0 }) chained: number;
  @Column('timestamptz', { name: 'first_at' }) firstAt: Date;
  @Column('timestamptz', { name: 'last_at' }) lastAt: Date;
}
