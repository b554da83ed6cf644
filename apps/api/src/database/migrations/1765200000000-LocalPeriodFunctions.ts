import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `local_period_start/end(at, zone, unit)`: the instants of the local midnights (day or ISO week)
 * around `at` in a business's zone, for the cross-business queries (operator dashboard, businesses
 * list). A zone the database does not know (stored before zones were checked against
 * pg_timezone_names, or edited by hand) gives NULL for that one business instead of an error that
 * fails the whole query for every operator. STABLE: the zone data can change with a server upgrade.
 */
export class LocalPeriodFunctions1765200000000 implements MigrationInterface {
  name = 'LocalPeriodFunctions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION local_period_start(at timestamptz, zone text, unit text) RETURNS timestamptz
        LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN date_trunc(unit, at AT TIME ZONE zone) AT TIME ZONE zone;
      EXCEPTION WHEN invalid_parameter_value THEN
        RETURN NULL;
      END $$;

      CREATE FUNCTION local_period_end(at timestamptz, zone text, unit text) RETURNS timestamptz
        LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN (date_trunc(unit, at AT TIME ZONE zone) + ('1 ' || unit)::interval) AT TIME ZONE zone;
      EXCEPTION WHEN invalid_parameter_value THEN
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION local_period_end(timestamptz, text, text); DROP FUNCTION local_period_start(timestamptz, text, text);`);
  }
}
