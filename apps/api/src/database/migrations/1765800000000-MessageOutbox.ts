import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a message row commits in the same transaction as the event that causes
 * it, and the delivery worker claims due rows with FOR UPDATE SKIP LOCKED. A claim moves the row to
 * `sending` and pushes `not_before` to the end of its lease, so one condition (`status IN
 * ('pending','sending') AND not_before <= now`) finds both new work and work a crashed worker left
 * behind. The row's id is the message's stable identity (its Message-ID header) across retries.
 *
 * A platform queue, not tenant data: some messages (password resets, an operator's own mail) belong
 * to no business, so `business_id` is nullable and not part of the key, and the table is classified
 * `local` (one queue on the coordinator, which every worker claims from).
 */
export class MessageOutbox1765800000000 implements MigrationInterface {
  name = 'MessageOutbox1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid REFERENCES businesses (id),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
        recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
        from_name text CHECK (length(from_name) <= 200),
        reply_to text CHECK (length(reply_to) <= 254),
        subject text NOT NULL CHECK (length(subject) <= 500),
        body_text text NOT NULL,
        body_html text NOT NULL,
        -- A one-time link (invite, password reset), AES-GCM sealed with a key the database never
        -- holds, and erased once the message is sent or given up: operators see the message, never the link.
        secret text,
        -- What the message is about ('booking:<id>'), so a superseded reminder can be cancelled.
        subject_ref text CHECK (length(subject_ref) <= 200),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        not_before timestamptz NOT NULL,
        claimed_by text,
        last_error text CHECK (length(last_error) <= 1000),
        smtp_response text CHECK (length(smtp_response) <= 1000),
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CHECK (status IN ('pending', 'sending') OR secret IS NULL)
      );
      CREATE INDEX outbox_messages_due ON outbox_messages (not_before) WHERE status IN ('pending', 'sending');
      CREATE INDEX outbox_messages_recent ON outbox_messages (created_at DESC, id DESC);
      CREATE INDEX outbox_messages_by_status ON outbox_messages (status, created_at DESC, id DESC);
      CREATE INDEX outbox_messages_business ON outbox_messages (business_id, created_at DESC) WHERE business_id IS NOT NULL;
      CREATE INDEX outbox_messages_subject ON outbox_messages (subject_ref) WHERE status = 'pending' AND subject_ref IS NOT NULL;
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES
        ('outbox_messages', 'local', 'the message queue: claimed platform-wide by every worker (FOR UPDATE SKIP LOCKED); some messages belong to no business');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM schema_distribution WHERE table_name = 'outbox_messages'; DROP TABLE outbox_messages`);
  }
}
