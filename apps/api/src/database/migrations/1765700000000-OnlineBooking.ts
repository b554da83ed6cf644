import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online booking: per-business booking rules, service buffers, which resources perform which
 * service, resources' own working hours, where a booking came from, the customer's manage link,
 * and `customer` as an audit actor kind.
 *
 * Buffers are enforced by the database like overlap itself: each booking carries the span it
 * occupies (`occupied_from` = start − buffer before, `occupied_until` = end + buffer after), filled
 * in by a trigger from the service at write time (so every writer gets it, and a later change to a
 * service's buffers does not move existing bookings), and the exclusion constraint now compares those
 * spans. Two racing requests therefore cannot both win even when only their buffers would collide.
 */
export class OnlineBooking1765700000000 implements MigrationInterface {
  name = 'OnlineBooking1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE businesses
        ADD COLUMN online_booking_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN min_notice_minutes integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
        ADD COLUMN booking_horizon_days integer NOT NULL DEFAULT 60 CHECK (booking_horizon_days BETWEEN 1 AND 365),
        ADD COLUMN cancellation_window_hours integer NOT NULL DEFAULT 24 CHECK (cancellation_window_hours BETWEEN 0 AND 720);

      ALTER TABLE services
        ADD COLUMN buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
        ADD COLUMN buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240);

      -- Which resources may perform a service. A service with no rows here may use every active resource.
      CREATE TABLE service_resources (
        business_id uuid NOT NULL REFERENCES businesses (id),
        service_id uuid NOT NULL,
        resource_id uuid NOT NULL,
        PRIMARY KEY (business_id, service_id, resource_id),
        FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id),
        FOREIGN KEY (business_id, resource_id) REFERENCES resources (business_id, id)
      );
      CREATE INDEX service_resources_resource ON service_resources (business_id, resource_id);

      -- A resource's own weekly hours (local wall clock). A resource with no rows works whenever the business is open.
      CREATE TABLE resource_working_hours (
        business_id uuid NOT NULL REFERENCES businesses (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        resource_id uuid NOT NULL,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        PRIMARY KEY (business_id, id),
        FOREIGN KEY (business_id, resource_id) REFERENCES resources (business_id, id),
        CHECK (closes > opens)
      );
      CREATE INDEX resource_working_hours_resource ON resource_working_hours (business_id, resource_id, weekday);

      ALTER TABLE bookings
        ADD COLUMN source text NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'online')),
        ADD COLUMN occupied_from timestamptz,
        ADD COLUMN occupied_until timestamptz,
        ADD COLUMN manage_token_hash text,
        ADD COLUMN manage_token_expires_at timestamptz;
      UPDATE bookings SET occupied_from = starts_at, occupied_until = ends_at;
      ALTER TABLE bookings
        ALTER COLUMN occupied_from SET NOT NULL,
        ALTER COLUMN occupied_until SET NOT NULL,
        ADD CONSTRAINT bookings_occupied_covers CHECK (occupied_from <= starts_at AND occupied_until >= ends_at),
        ADD CONSTRAINT bookings_manage_token CHECK ((manage_token_hash IS NULL) = (manage_token_expires_at IS NULL));
      -- The manage link is looked up by the hash of its token alone (the token names no business).
      CREATE INDEX bookings_manage_token_hash ON bookings (manage_token_hash) WHERE manage_token_hash IS NOT NULL;

      CREATE FUNCTION bookings_occupied_span() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        before_minutes integer;
        after_minutes integer;
      BEGIN
        SELECT buffer_before_minutes, buffer_after_minutes INTO before_minutes, after_minutes
          FROM services WHERE business_id = NEW.business_id AND id = NEW.service_id;
        NEW.occupied_from := NEW.starts_at - make_interval(mins => coalesce(before_minutes, 0));
        NEW.occupied_until := NEW.ends_at + make_interval(mins => coalesce(after_minutes, 0));
        RETURN NEW;
      END $$;
      CREATE TRIGGER bookings_occupied_span BEFORE INSERT OR UPDATE OF starts_at, ends_at, service_id ON bookings
        FOR EACH ROW EXECUTE FUNCTION bookings_occupied_span();

      ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
      ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        business_id WITH =, resource_id WITH =, tstzrange(occupied_from, occupied_until, '[)') WITH &&
      ) WHERE (status <> 'cancelled');

      ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_kind_check;
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_kind_check
        CHECK (actor_kind IN ('operator', 'business', 'anonymous', 'system', 'customer'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_kind_check;
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_kind_check CHECK (actor_kind IN ('operator', 'business', 'anonymous', 'system'));
      ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
      ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
      ) WHERE (status <> 'cancelled');
      DROP TRIGGER bookings_occupied_span ON bookings;
      DROP FUNCTION bookings_occupied_span();
      ALTER TABLE bookings DROP COLUMN source, DROP COLUMN occupied_from, DROP COLUMN occupied_until, DROP COLUMN manage_token_hash, DROP COLUMN manage_token_expires_at;
      DROP TABLE resource_working_hours;
      DROP TABLE service_resources;
      ALTER TABLE services DROP COLUMN buffer_before_minutes, DROP COLUMN buffer_after_minutes;
      ALTER TABLE businesses DROP COLUMN online_booking_enabled, DROP COLUMN min_notice_minutes, DROP COLUMN booking_horizon_days, DROP COLUMN cancellation_window_hours;
    `);
  }
}
