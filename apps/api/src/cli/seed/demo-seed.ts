import type { DataSource, EntityManager } from 'typeorm';
import { addDays, zonedParts, zonedTimeToUtc } from '#contracts';
import { AccountsService } from '../../auth/accounts.service.js';
import { hashPassword } from '../../auth/passwords.js';
import { BusinessesRepository } from '../../businesses/businesses.repository.js';

/** The demo platform of docs/ARCHITECTURE.md §1: fixed sign-ins and slugs, lived-in data around today. */
export const DEMO = {
  operator: { email: 'operator@demo.test', password: 'demo-operator', name: 'Olivia Operator' },
  businesses: [
    {
      slug: 'acme-hair',
      name: 'Acme Hair',
      timeZone: 'Europe/London',
      currency: 'GBP',
      color: '#b4235a',
      owner: 'Alice Owner',
      staff: 'Sam Stylist',
      services: [
        ['Haircut', 45, 3500],
        ['Colour', 90, 7500],
        ['Beard trim', 15, 1200],
      ] as const,
      resources: ['Chair 1', 'Chair 2', 'Chair 3'],
      hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
    },
    {
      slug: 'bright-dental',
      name: 'Bright Dental',
      timeZone: 'America/New_York',
      currency: 'USD',
      color: '#0e7490',
      owner: 'Bob Owner',
      staff: 'Dana Hygienist',
      services: [
        ['Check-up', 30, 9000],
        ['Cleaning', 60, 14000],
        ['Whitening', 90, 35000],
      ] as const,
      resources: ['Room A', 'Room B'],
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' })),
    },
    {
      slug: 'city-yoga',
      name: 'City Yoga',
      timeZone: 'Asia/Tokyo',
      currency: 'EUR',
      color: '#4d7c0f',
      owner: 'Chika Owner',
      staff: 'Kenji Teacher',
      services: [
        ['Private class', 60, 8000],
        ['Intro session', 30, 3000],
      ] as const,
      resources: ['Studio 1', 'Studio 2'],
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:00', closes: '21:00' })),
    },
  ],
};

const FIRST = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Mia',
  'Lucas',
  'Amelia',
  'Mateo',
  'Harper',
  'Yuki',
  'Aarav',
  'Zara',
  'Omar',
  'Ingrid',
  'Chloe',
  'Diego',
];
const LAST = ['Smith', 'Garcia', 'Tanaka', 'Brown', 'Müller', 'Okafor', 'Rossi', 'Kowalski', 'Nguyen', 'Silva', 'Johansson', 'Patel', 'Dubois', 'Kim'];

/** Deterministic pseudo-random numbers, so every fresh demo looks alike. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Seeds the demo platform into an empty database; returns false (and does nothing) otherwise. */
export async function seedDemoIfEmpty(db: DataSource, now: Date = new Date()): Promise<boolean> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users`);
  if (n > 0) return false;
  const hashes = {
    operator: await hashPassword(DEMO.operator.password),
    owner: await hashPassword('demo-owner'),
    staff: await hashPassword('demo-staff'),
  };
  const owners = { accounts: new AccountsService(db), businesses: new BusinessesRepository(db) };
  await db.transaction(async (em) => {
    await owners.accounts.createOperator(em, { email: DEMO.operator.email, name: DEMO.operator.name, passwordHash: hashes.operator });
    let seed = 7;
    for (const b of DEMO.businesses) await seedBusiness(em, owners, b, hashes, now, rng(seed++));
    await em.query(
      `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, actor_kind, action, outcome, details) VALUES ('', 0, '', $1, 'system', 'system.seed', 'success', $2::jsonb)`,
      [now, JSON.stringify({ businesses: DEMO.businesses.map((b) => b.slug) })],
    );
  });
  return true;
}

async function seedBusiness(
  em: EntityManager,
  owners: { accounts: AccountsService; businesses: BusinessesRepository },
  b: (typeof DEMO.businesses)[number],
  hashes: { owner: string; staff: string },
  now: Date,
  random: () => number,
): Promise<void> {
  const businessId = await owners.businesses.insert(em, {
    slug: b.slug,
    name: b.name,
    timeZone: b.timeZone,
    currency: b.currency,
    contactEmail: `hello@${b.slug}.demo.test`,
    contactPhone: '+44 20 7946 0000',
    primaryColor: b.color,
    onlineBookingEnabled: true,
    hoursConfirmedAt: now,
  });
  for (const [role, name] of [
    ['owner', b.owner],
    ['staff', b.staff],
  ] as const) {
    const userId = await owners.accounts.createBusinessUser(em, { email: `${role}@${b.slug}.demo.test`, name, passwordHash: hashes[role] });
    await owners.businesses.addMembership(em, { businessId, userId, role });
  }
  const services: { id: string; minutes: number }[] = [];
  for (const [name, minutes, price] of b.services) {
    const [{ id }] = await em.query(`INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, $2, $3, $4) RETURNING id`, [
      businessId,
      name,
      minutes,
      price,
    ]);
    services.push({ id, minutes });
  }
  const resources: string[] = [];
  for (const name of b.resources) {
    const [{ id }] = await em.query(`INSERT INTO resources (business_id, name) VALUES ($1, $2) RETURNING id`, [businessId, name]);
    resources.push(id);
  }
  for (const h of b.hours)
    await em.query(`INSERT INTO opening_hours (business_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)`, [businessId, h.weekday, h.opens, h.closes]);
  const today = zonedParts(now, b.timeZone).date;
  await em.query(`INSERT INTO closed_dates (business_id, date) VALUES ($1, $2)`, [businessId, addDays(today, 24)]);

  const customers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const email = `${first}.${last}.${i}@example.test`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    const [{ id }] = await em.query(
      `INSERT INTO customers (business_id, name, email, phone, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [businessId, `${first} ${last}`, email, `+1 555 01${String(10 + i).padStart(2, '0')}`, i % 4 === 0 ? 'Prefers morning appointments' : null, now],
    );
    customers.push(id);
  }

  // Bookings from two weeks back to two weeks ahead: each open day, each resource, a few slots.
  for (let offset = -14; offset <= 14; offset++) {
    const date = addDays(today, offset);
    const weekday = zonedParts(zonedTimeToUtc(date, '12:00', b.timeZone), b.timeZone).weekday;
    const hours = b.hours.find((h) => h.weekday === weekday);
    if (!hours) continue;
    const open = Number(hours.opens.slice(0, 2));
    const close = Number(hours.closes.slice(0, 2));
    for (const resourceId of resources) {
      const count = offset === 0 ? 3 : 1 + Math.floor(random() * 3);
      const slots = new Set<number>();
      while (slots.size < count) slots.add(open + Math.floor(random() * (close - open - 2)) + (slots.size % 2));
      for (const hour of slots) {
        const service = services[Math.floor(random() * services.length)]!;
        const startsAt = zonedTimeToUtc(date, `${String(hour).padStart(2, '0')}:00`, b.timeZone);
        const endsAt = new Date(startsAt.getTime() + service.minutes * 60_000);
        if (zonedParts(endsAt, b.timeZone).minutes > close * 60) continue;
        const status = offset < 0 ? (random() < 0.85 ? 'completed' : random() < 0.5 ? 'no_show' : 'cancelled') : random() < 0.92 ? 'confirmed' : 'cancelled';
        await em.query(
          `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, notes, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING`,
          [businessId, customers[Math.floor(random() * customers.length)], service.id, resourceId, startsAt, endsAt, status, null, now],
        );
      }
    }
  }
}
