import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxStatus } from '#contracts';

/** One message of the transactional outbox; written by the event's own transaction, sent by OutboxWorker. */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The sending business; null for platform mail (an operator's password reset). */
  @Column('uuid', { name: 'business_id', nullable: true }) businessId: string | null;
  @Column('text') kind: string;
  /** Lower-cased. */
  @Column('text') recipient: string;
  @Column('text', { name: 'from_name', nullable: true }) fromName: string | null;
  @Column('text', { name: 'reply_to', nullable: true }) replyTo: string | null;
  @Column('text') subject: string;
  @Column('text', { name: 'body_text' }) bodyText: string;
  @Column('text', { name: 'body_html' }) bodyHtml: string;
  /** A one-time link, sealed (SecretBox) with a key the database never holds; erased once sent or given up. */
  @Column('text', { nullable: true }) secret: string | null;
  /** What the message is about (`booking:<id>`), so a superseded one can be cancelled while it waits. */
  @Column('text', { name: 'subject_ref', nullable: true }) subjectRef: string | null;
  @Column('text', { default: 'pending' }) status: OutboxStatus;
  @Column('integer', { default: 0 }) attempts: number;
  /** Due from then (reminders); while `sending`, the end of the claim's lease. */
  @Column('timestamptz', { name: 'not_before' }) notBefore: Date;
  /** The claim's token (worker id and a per-claim suffix) while `sending`. */
  @Column('text', { name: 'claimed_by', nullable: true }) claimedBy: string | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { name: 'smtp_response', nullable: true }) smtpResponse: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
