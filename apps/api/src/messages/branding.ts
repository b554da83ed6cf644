import type { SqlRunner } from '../common/sql.js';
import type { Branding } from './templates.js';

/** The sending business's name, colour, zone and contact address, read inside the event's transaction. */
export async function loadBranding(db: SqlRunner, businessId: string): Promise<Branding & { slug: string }> {
  const [row]: { name: string; slug: string; primary_color: string | null; time_zone: string; contact_email: string | null }[] = await db.query(
    `SELECT name, slug, primary_color, time_zone, contact_email FROM businesses WHERE id = $1`,
    [businessId],
  );
  if (!row) throw new Error(`loadBranding: business ${businessId} not found`);
  return { name: row.name, slug: row.slug, primaryColor: row.primary_color, timeZone: row.time_zone, contactEmail: row.contact_email };
}
