import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers, services, resources, opening hours and bookings. Child rows reference their parents
 * through (business_id, id) pairs, so the database itself refuses a booking whose customer, service
 * or resource belongs to another business. Overlap is refused by an exclusion constraint, so two
 * racing requests for one slot cannot both commit.
 */
export class BookingDomain1764000001000 implements MigrationInterface {
  name = 'BookingDomain1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;

      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text CHECK (email = lower(email)),
        phone text,
        notes text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by uuid REFERENCES users (id),
        created_in_impersonation uuid REFERENCES impersonations (id),
        UNIQUE (business_id, id)
      );
      CREATE UNIQUE INDEX customers_business_email ON customers (business_id, email) WHERE email IS NOT NULL;
      CREATE INDEX customers_business_name ON customers (business_id, lower(name), id);

      CREATE TABLE services (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, id)
      );

      CREATE TABLE resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, id)
      );

      CREATE TABLE opening_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (closes > opens)
      );
      CREATE INDEX opening_hours_business ON opening_hours (business_id, weekday);

      CREATE TABLE closed_dates (
        business_id uuid NOT NULL REFERENCES businesses (id),
        date date NOT NULL,
        PRIMARY KEY (business_id, date)
      );

      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES businesses (id),
        customer_id uuid NOT NULL,
        service_id uuid NOT NULL,
        resource_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'completed', 'no_show')),
        notes text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by uuid REFERENCES users (id),
        created_in_impersonation uuid REFERENCES impersonations (id),
        FOREIGN KEY (business_id, customer_id) REFERENCES customers (business_id, id),
        FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id),
        FOREIGN KEY (business_id, resource_id) REFERENCES resources (business_id, id),
        CHECK (ends_at > starts_at),
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
          resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
        ) WHERE (status <> 'cancelled')
      );
      CREATE INDEX bookings_business_starts ON bookings (business_id, starts_at, id);
      CREATE INDEX bookings_business_customer ON bookings (business_id, customer_id, starts_at);
      -- All bookings (operator): newest start first, keyset on (starts_at, id).
      CREATE INDEX bookings_starts_desc ON bookings (starts_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bookings; DROP TABLE closed_dates; DROP TABLE opening_hours; DROP TABLE resources; DROP TABLE services; DROP TABLE customers;`);
  }
}
