import type { EntityManager } from 'typeorm';
import { Business } from '../businesses/business.entity.js';
import type { Branding } from './templates.js';

/** The sending business's name, colour, zone and contact address, read inside the event's transaction. */
export async function loadBranding(em: Pick<EntityManager, 'getRepository'>, businessId: string): Promise<Branding & { slug: string }> {
  const row = await em.getRepository(Business).findOne({
    select: { id: true, name: true, slug: true, primaryColor: true, timeZone: true, contactEmail: true },
    where: { id: businessId },
  });
  if (!row) throw new Error(`loadBranding: business ${businessId} not found`);
  return { name: row.name, slug: row.slug, primaryColor: row.primaryColor, timeZone: row.timeZone, contactEmail: row.contactEmail };
}
