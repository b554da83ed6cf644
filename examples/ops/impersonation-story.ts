/**
 * An ops engineer's script, end to end through the typed client (libs/api-client):
 * Bearer token → list businesses → impersonate one with a reason → create a customer and a booking
 * (with Idempotency-Keys, so a retried request never books twice) → exit → read that impersonation's
 * audit story.
 *
 *   npx node examples/ops/impersonation-story.ts [baseUrl] [businessSlug]
 *   (OPS_EMAIL / OPS_PASSWORD default to the demo operator; baseUrl to http://127.0.0.1:3000)
 */
import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { signIn, type ApiClient, type Schemas } from '../../libs/api-client/src/client.ts';

export interface StoryOptions {
  baseUrl: string;
  email: string;
  password: string;
  /** Which business to enter (default: the first one listed). */
  businessSlug?: string;
  reason?: string;
  log?: (line: string) => void;
}

export interface Story {
  business: Schemas['OperatorBusinessView'];
  impersonation: Schemas['ImpersonationView'];
  customer: Schemas['CustomerView'];
  booking: Schemas['BookingView'];
  events: Schemas['AuditEventView'][];
}

/** Unwraps an openapi-fetch answer: the data, or an Error naming the problem's code. */
function ok<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data;
  const problem = (result.error ?? {}) as { code?: string; detail?: string };
  throw new Error(`${what} failed: ${result.response.status} ${problem.code ?? ''} ${problem.detail ?? ''}`.trim());
}

export async function runImpersonationStory(opts: StoryOptions): Promise<Story> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const api: ApiClient = await signIn(opts.baseUrl, opts.email, opts.password);
  log(`signed in as ${opts.email} (Bearer token)`);

  const page = ok('list businesses', await api.GET('/api/businesses', { params: { query: { limit: 200 } } }));
  const business = opts.businessSlug ? page.items.find((b) => b.slug === opts.businessSlug) : page.items[0];
  if (!business) throw new Error(`business ${opts.businessSlug ?? '(any)'} not found among ${page.items.length}`);
  log(`${page.items.length} businesses; entering ${business.name} (${business.slug}, ${business.timeZone})`);

  const started = ok(
    'impersonate',
    await api.POST('/api/impersonation', {
      body: { businessId: business.id, reason: opts.reason ?? 'Ops script: customer and booking on request', entryPoint: 'api' },
      params: { header: { 'Idempotency-Key': randomUUID() } },
    }),
  );
  const impersonation = started.impersonation;
  log(`impersonating as ${impersonation.role} (${impersonation.id}), until ${impersonation.expiresAt}`);

  const path = { businessId: business.id };
  let customer: Schemas['CustomerView'];
  let booking: Schemas['BookingView'];
  try {
    customer = ok(
      'create customer',
      await api.POST('/api/businesses/{businessId}/customers', {
        params: { path, header: { 'Idempotency-Key': randomUUID() } },
        body: { name: 'Scripted Customer', email: `ops-${randomUUID().slice(0, 8)}@example.test`, notes: 'Created by examples/ops' },
      }),
    );
    log(`customer ${customer.name} (${customer.id})`);

    const services = ok('services', await api.GET('/api/businesses/{businessId}/services', { params: { path } })).filter((s) => s.active);
    const resources = ok('resources', await api.GET('/api/businesses/{businessId}/resources', { params: { path } })).filter((r) => r.active);
    const hours = ok('opening hours', await api.GET('/api/businesses/{businessId}/settings/availability', { params: { path } }));
    const service = services[0];
    if (!service || !resources.length) throw new Error(`${business.slug} has no active service or resource to book`);
    booking = await bookFirstFreeSlot(api, business.id, customer.id, service, resources, hours, log);
  } finally {
    // Always leave the business's admin, whatever happened inside.
    ok('exit impersonation', await api.DELETE('/api/impersonation'));
    log('impersonation ended');
  }

  const audit = ok('audit story', await api.GET('/api/audit', { params: { query: { impersonationId: impersonation.id, order: 'asc', limit: 200 } } }));
  log(`audit story of impersonation ${impersonation.id}:`);
  for (const e of audit.items)
    log(`  ${e.occurredAt}  ${e.actor?.email ?? 'system'}  ${e.action}  ${e.outcome}${e.targetId ? `  ${e.targetType} ${e.targetId}` : ''}`);
  return { business, impersonation, customer, booking, events: audit.items };
}

/**
 * Tries start times inside the opening hours, 7 to 90 days ahead in the business's own zone, until one
 * is free (409 slot_taken or 422 outside_availability move on to the next).
 */
async function bookFirstFreeSlot(
  api: ApiClient,
  businessId: string,
  customerId: string,
  service: Schemas['ServiceView'],
  resources: Schemas['ResourceView'][],
  hours: Schemas['AvailabilitySettings'],
  log: (line: string) => void,
): Promise<Schemas['BookingView']> {
  const today = Temporal.Now.plainDateISO(hours.timeZone);
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  for (let day = 7; day < 90; day++) {
    const date = today.add({ days: day });
    if (hours.closedDates.includes(date.toString())) continue;
    for (const span of hours.weekly.filter((w) => w.weekday === date.dayOfWeek)) {
      for (let m = minutes(span.opens); m + service.durationMinutes <= minutes(span.closes); m += 30) {
        const local = date.toPlainDateTime({ hour: Math.floor(m / 60), minute: m % 60 });
        const startsAt = local.toZonedDateTime(hours.timeZone).toString({ timeZoneName: 'never', smallestUnit: 'minute' });
        for (const resource of resources) {
          const result = await api.POST('/api/businesses/{businessId}/bookings', {
            params: { path: { businessId }, header: { 'Idempotency-Key': randomUUID() } },
            body: { customerId, serviceId: service.id, resourceId: resource.id, startsAt, notes: 'Booked by examples/ops' },
          });
          if (result.data) {
            log(`booking ${result.data.id}: ${service.name} on ${resource.name}, ${result.data.startsAt} → ${result.data.endsAt}`);
            return result.data;
          }
          if (result.error?.code !== 'slot_taken' && result.error?.code !== 'outside_availability') ok('create booking', result);
        }
      }
    }
  }
  throw new Error('no free slot in the next 90 days');
}

if (import.meta.main) {
  const [baseUrl = 'http://127.0.0.1:3000', businessSlug] = process.argv.slice(2);
  runImpersonationStory({
    baseUrl,
    businessSlug,
    email: process.env.OPS_EMAIL ?? 'operator@demo.test',
    password: process.env.OPS_PASSWORD ?? 'demo-operator',
  }).catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
