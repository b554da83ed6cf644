import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { toZonedIso, type CustomerRecord, type CustomerView, type Page } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { BookingMessages } from '../bookings/booking-messages.js';
import { BOOKING_SELECT, instant, loadBusiness, toBookingView, type BookingRow, type Sql } from '../bookings/booking-queries.js';
import type { CreateCustomerDto, CustomerListQuery, UpdateCustomerDto } from './dto.js';
import { containsPattern } from '../common/sql.js';

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  created_at: Date | string;
}

const COLUMNS = 'id, name, email, phone, notes, created_at';
const emailTaken = (email: string) => new DomainError(409, 'email_taken', `Another customer of this business already uses ${email}`);

/** Customers of one business. E-mails are stored lower-case and are unique within the business. */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly context: ImpersonationContext,
    private readonly clock: Clock,
    private readonly messages: BookingMessages,
  ) {}

  /** Page<CustomerView> by name (case-insensitive), keyset on (lower(name), id). */
  async list(businessId: string, query: CustomerListQuery): Promise<Page<CustomerView>> {
    const business = await loadBusiness(this.db, businessId);
    const limit = clampLimit(query.limit);
    const params: unknown[] = [businessId];
    const where = ['business_id = $1'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.q?.trim()) {
      const p = param(containsPattern(query.q.trim()));
      where.push(`(name ILIKE ${p} ESCAPE '\\' OR email ILIKE ${p} ESCAPE '\\' OR phone ILIKE ${p} ESCAPE '\\')`);
    }
    const cursor = decodeCursor(query.cursor, ['string', 'uuid']);
    if (cursor) where.push(`(lower(name), id) > (${param(cursor[0])}, ${param(cursor[1])}::uuid)`);
    // The cursor carries the database's own lower(name), so the next page continues in its order.
    const rows: (CustomerRow & { sort_key: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, lower(name) AS sort_key FROM customers WHERE ${where.join(' AND ')} ORDER BY lower(name), id LIMIT ${param(limit + 1)}`,
      params,
    );
    const result = page(rows, limit, (r) => [r.sort_key, r.id]);
    return { items: result.items.map((r) => toView(r, business.timeZone)), nextCursor: result.nextCursor };
  }

  /** The customer with their latest 100 bookings, newest first. */
  async get(businessId: string, customerId: string): Promise<CustomerRecord> {
    const business = await loadBusiness(this.db, businessId);
    const customer = await this.find(this.db, businessId, customerId);
    const bookings: BookingRow[] = await this.db.query(
      `${BOOKING_SELECT} WHERE b.business_id = $1 AND b.customer_id = $2 ORDER BY b.starts_at DESC, b.id DESC LIMIT 100`,
      [businessId, customerId],
    );
    return { ...toView(customer, business.timeZone), bookings: bookings.map((r) => toBookingView(r, business.timeZone)) };
  }

  async create(businessId: string, input: CreateCustomerDto): Promise<CustomerView> {
    const email = input.email ? input.email.toLowerCase() : null;
    try {
      return await this.db.transaction(async (em) => {
        const business = await loadBusiness(em, businessId);
        if (email) await this.assertEmailFree(em, businessId, email, null);
        const now = this.clock.now();
        const [row] = await em.query(
          `INSERT INTO customers (business_id, name, email, phone, notes, created_at, updated_at, created_by, created_in_impersonation)
           VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING ${COLUMNS}`,
          [businessId, input.name, email, input.phone ?? null, input.notes ?? null, now, this.context.actorId, this.context.impersonationId],
        );
        const view = toView(row, business.timeZone);
        await this.audit.record(em, { action: 'customer.create', businessId, targetType: 'customer', targetId: view.id, before: null, after: snapshot(view), status: 201 });
        return view;
      });
    } catch (err) {
      throw uniqueAsEmailTaken(err, email);
    }
  }

  async update(businessId: string, customerId: string, input: UpdateCustomerDto): Promise<CustomerView> {
    const email = input.email === undefined ? undefined : input.email ? input.email.toLowerCase() : null;
    try {
      return await this.db.transaction(async (em) => {
        const business = await loadBusiness(em, businessId);
        const current = await this.find(em, businessId, customerId, true);
        if (email && email !== current.email) await this.assertEmailFree(em, businessId, email, customerId);
        const next = {
          name: input.name ?? current.name,
          email: email !== undefined ? email : current.email,
          phone: input.phone !== undefined ? input.phone : current.phone,
          notes: input.notes !== undefined ? input.notes : current.notes,
        };
        await em.query(`UPDATE customers SET name = $3, email = $4, phone = $5, notes = $6, updated_at = $7 WHERE business_id = $1 AND id = $2`, [
          businessId, customerId, next.name, next.email, next.phone, next.notes, this.clock.now(),
        ]);
        const before = toView(current, business.timeZone);
        const view = toView(await this.find(em, businessId, customerId), business.timeZone);
        await this.audit.record(em, { action: 'customer.update', businessId, targetType: 'customer', targetId: customerId, before: snapshot(before), after: snapshot(view), status: 200 });
        if (next.email !== current.email || next.name !== current.name) await this.messages.customerChanged(em, businessId, customerId);
        return view;
      });
    } catch (err) {
      throw uniqueAsEmailTaken(err, email ?? null);
    }
  }

  private async find(sql: Sql, businessId: string, customerId: string, lock = false): Promise<CustomerRow> {
    const [row] = await sql.query(`SELECT ${COLUMNS} FROM customers WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, customerId]);
    if (!row) throw notFound('Customer');
    return row;
  }

  /** A friendly answer before the write; the unique index stays the guard against a race. */
  private async assertEmailFree(em: EntityManager, businessId: string, email: string, exceptId: string | null): Promise<void> {
    const [taken] = await em.query(`SELECT id FROM customers WHERE business_id = $1 AND email = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`, [businessId, email, exceptId]);
    if (taken) throw emailTaken(email);
  }
}

function uniqueAsEmailTaken(err: unknown, email: string | null): unknown {
  if (isUniqueViolation(err)) return emailTaken(email ?? 'this e-mail');
  return err;
}

function toView(row: CustomerRow, timeZone: string): CustomerView {
  return { id: row.id, name: row.name, email: row.email, phone: row.phone, notes: row.notes, createdAt: toZonedIso(instant(row.created_at), timeZone) };
}

function snapshot(view: CustomerView): Record<string, unknown> {
  return { name: view.name, email: view.email, phone: view.phone, notes: view.notes };
}
