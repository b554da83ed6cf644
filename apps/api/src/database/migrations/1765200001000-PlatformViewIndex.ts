import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner's "seen from the platform" list reads a business's `operator.platform_view` audit rows
 * newest first; a partial index keeps that a short range scan however long the business's trail is.
 */
export class PlatformViewIndex1765200001000 implements MigrationInterface {
  name = 'PlatformViewIndex1765200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_events_platform_views ON audit_events (business_id, id DESC) WHERE action = 'operator.platform_view'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_platform_views`);
  }
}
