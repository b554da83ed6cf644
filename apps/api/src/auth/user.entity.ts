import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UserKind } from '#contracts';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Always stored lower-cased; sign-in compares lower-cased input. */
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') kind: UserKind;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
