/**
 * The one set of limits on what people type, shared by the API's validators, the admin's form
 * validators and the database's CHECK constraints (apps/api/test/limits.spec.ts reads the CHECKs
 * back and compares them with this table). Where the three used to disagree, the value kept is:
 *
 * - `email` 254: the longest address SMTP can carry (RFC 5321's 256-octet path minus its angle
 *   brackets); the 320 some forms used (64 + 1 + 255) is not deliverable. The API and the users
 *   table already said 254.
 * - `name` 200: what the API and every table's CHECK already allowed; one admin form said 120,
 *   refusing names the API accepts.
 * - `notes` 2000: what the API stores for customers and bookings alike; the customer form said
 *   4000, which the API then refused.
 * - `serviceDurationMinutes` 5–1440: a booking may span at most a day (constraint
 *   `bookings_span_at_most_a_day`, which bounded calendar reads rely on), and the API and the
 *   services table already allowed a whole day; the service form said 720.
 * - `phone` 50: what customers have been stored with; the public booking page and the business's
 *   contact phone said 40. A new CHECK may not refuse rows already stored, so the larger value wins.
 */
export const LIMITS = {
  /** People, businesses, services, resources. */
  name: { min: 1, max: 200 },
  email: { max: 254 },
  phone: { max: 50 },
  notes: { max: 2000 },
  password: { min: 8, max: 1024 },
  /** Why an operator enters a business, or asks to. */
  reason: { max: 500 },
  url: { max: 2048 },
  serviceDurationMinutes: { min: 5, max: 1440 },
  priceCents: { min: 0, max: 2_000_000_000 },
  bufferMinutes: { min: 0, max: 240 },
  minNoticeMinutes: { min: 0, max: 43_200 },
  bookingHorizonDays: { min: 1, max: 365 },
  cancellationWindowHours: { min: 0, max: 720 },
  /** Free-text search (`q`). */
  search: { max: 200 },
} as const;
