import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Logos are uploaded and served from our own origin instead of linked: an external logo URL is
 * loaded by every operator's browser while impersonating, which tells the owner's server who looked
 * and when. `business_logos` holds the one current logo of a business (checked, metadata-stripped
 * bytes); `businesses.logo_url` now only ever names our own route for it, which a CHECK enforces.
 *
 * Existing external URLs are dropped, not fetched: fetching an owner-chosen URL from the server is
 * a request forgery of its own, and nothing fetched can be trusted to be the picture the owner
 * meant. Each drop leaves a system row in that business's audit chain (the URL it had), so the owner
 * can see why the logo is gone and upload it.
 */
export class UploadedLogos1766000002000 implements MigrationInterface {
  name = 'UploadedLogos1766000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_logos (
        business_id uuid NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        content bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 524288),
        content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        width integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
        height integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
        created_by uuid REFERENCES users(id),
        created_in_impersonation uuid REFERENCES impersonations(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, id),
        UNIQUE (business_id)
      );
      INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, actor_kind, business_id, action, target_type, target_id, outcome, changes, details, chain_business_id)
        SELECT '', 0, '', now(), 'system', b.id, 'settings.branding.logo_dropped', 'business', b.id::text, 'success',
               jsonb_build_object('logoUrl', jsonb_build_object('before', b.logo_url, 'after', NULL)),
               jsonb_build_object('reason', 'external logo URLs are no longer served; upload the logo instead'),
               b.id
          FROM businesses b WHERE b.logo_url IS NOT NULL ORDER BY b.id;
      UPDATE businesses SET logo_url = NULL WHERE logo_url IS NOT NULL;
      ALTER TABLE businesses ADD CONSTRAINT businesses_logo_url_own
        CHECK (logo_url IS NULL OR logo_url ~ '^/api/public/logos/[0-9a-f-]{36}/[0-9a-f]{64}$');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE businesses DROP CONSTRAINT businesses_logo_url_own;
      UPDATE businesses SET logo_url = NULL WHERE logo_url IS NOT NULL;
      DROP TABLE business_logos;
    `);
  }
}
