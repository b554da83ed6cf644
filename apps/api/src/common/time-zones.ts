import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { timeZoneProblem } from '#contracts';
import { DomainError } from './domain-error.js';

/**
 * The one gate a business's time zone passes before it is stored (owners' general settings and the
 * operator's create/update). A zone must be a canonical IANA name that Node's Intl *and* this
 * database both know: the API computes local days in Node, the cross-business queries compute them
 * in SQL (`AT TIME ZONE`), and a name only one side reads (`US/Pacific-New` is Intl-only; `+01:00` is
 * read by PostgreSQL with the opposite sign) makes the two disagree or the SQL fail. The database's
 * list (`pg_timezone_names`, slow to enumerate: ~60 ms on PGlite) is read once per process.
 */
@Injectable()
export class TimeZoneCatalog {
  private databaseZones?: Promise<Set<string>>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Throws 400 `invalid_time_zone` (nothing stored, nothing repaired) unless `name` may be stored. */
  async assertStorable(name: unknown): Promise<string> {
    const problem = timeZoneProblem(name);
    if (problem) throw invalidTimeZone(problem);
    const zone = name as string;
    if (!(await this.zonesOfDatabase()).has(zone)) throw invalidTimeZone(`timeZone "${zone}" is not known to the database's time-zone data`);
    return zone;
  }

  private zonesOfDatabase(): Promise<Set<string>> {
    this.databaseZones ??= this.db.query(`SELECT name FROM pg_timezone_names`).then(
      (rows: { name: string }[]) => new Set(rows.map((r) => r.name)),
      (err: unknown) => {
        this.databaseZones = undefined; // a failed read is retried next time, never cached as "no zones"
        throw err;
      },
    );
    return this.databaseZones;
  }
}

function invalidTimeZone(detail: string): DomainError {
  return new DomainError(400, 'invalid_time_zone', detail, { errors: [{ field: 'timeZone', messages: [detail] }] });
}
