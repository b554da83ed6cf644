import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { toZonedIso, type CustomerRecord, type CustomerView, type Page } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { BookingMessages } from '../bookings/booking-messages.js';
import { toBookingView } from '../bookings/booking-view.js';
import { BookingsRepository } from '../bookings/bookings.repository.js';
import type { Customer } from './customer.entity.js';
import { CustomersRepository } from './customers.repository.js';
import type { CreateCustomerDto, CustomerListQuery, UpdateCustomerDto } from './dto.js';

const emailTaken = (email: string) => new DomainError(409, 'email_taken', `Another customer of this business already uses ${email}`);

/** Customers of one business. E-mails are stored lower-case and are unique within the business. */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: CustomersRepository,
    private readonly bookings: BookingsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly messages: BookingMessages,
  ) {}

  /** Page<CustomerView> by name (case-insensitive), keyset on (lower(name), id). */
  async list(scope: BusinessScope, query: CustomerListQuery): Promise<Page<CustomerView>> {
    const limit = clampLimit(query.limit);
    const cursor = decodeCursor(query.cursor, ['string', 'uuid']);
    const rows = await this.customers.page(scope.id, {
      search: query.q?.trim() || null,
      after: cursor ? [cursor[0] as string, cursor[1] as string] : null,
      limit: limit + 1,
    });
    // The cursor carries the database's own lower(name), so the next page continues in its order.
    const result = page(rows, limit, (r) => [r.sortKey, r.customer.id]);
    return { items: result.items.map((r) => toView(r.customer, scope.timeZone)), nextCursor: result.nextCursor };
  }

  /** The customer with their latest 100 bookings, newest first. */
  async get(scope: BusinessScope, customerId: string): Promise<CustomerRecord> {
    const customer = await this.find(scope.id, customerId);
    const bookings = await this.bookings.listForCustomer(scope.id, customerId, 100);
    return { ...toView(customer, scope.timeZone), bookings: bookings.map((r) => toBookingView(r, scope.timeZone)) };
  }

  async create(scope: BusinessScope, input: CreateCustomerDto): Promise<CustomerView> {
    const email = input.email ? input.email.toLowerCase() : null;
    try {
      return await this.db.transaction(async (em) => {
        if (email && (await this.customers.emailTaken(scope.id, email, null, em))) throw emailTaken(email);
        const now = this.clock.now();
        const customer = await this.customers.insert(em, {
          businessId: scope.id,
          name: input.name,
          email,
          phone: input.phone ?? null,
          notes: input.notes ?? null,
          createdAt: now,
          updatedAt: now,
          createdBy: scope.actorId,
          createdInImpersonation: scope.impersonationId,
        });
        const view = toView(customer, scope.timeZone);
        await this.audit.record(em, {
          action: 'customer.create',
          businessId: scope.id,
          targetType: 'customer',
          targetId: view.id,
          before: null,
          after: snapshot(view),
          status: 201,
        });
        return view;
      });
    } catch (err) {
      throw uniqueAsEmailTaken(err, email);
    }
  }

  async update(scope: BusinessScope, customerId: string, input: UpdateCustomerDto): Promise<CustomerView> {
    const email = input.email === undefined ? undefined : input.email ? input.email.toLowerCase() : null;
    try {
      return await this.db.transaction(async (em) => {
        const current = await this.find(scope.id, customerId, em, true);
        if (email && email !== current.email && (await this.customers.emailTaken(scope.id, email, customerId, em))) throw emailTaken(email);
        const next = {
          name: input.name ?? current.name,
          email: email !== undefined ? email : current.email,
          phone: input.phone !== undefined ? input.phone : current.phone,
          notes: input.notes !== undefined ? input.notes : current.notes,
        };
        await this.customers.update(em, scope.id, customerId, { ...next, updatedAt: this.clock.now() });
        const before = toView(current, scope.timeZone);
        const view = toView(await this.find(scope.id, customerId, em), scope.timeZone);
        await this.audit.record(em, {
          action: 'customer.update',
          businessId: scope.id,
          targetType: 'customer',
          targetId: customerId,
          before: snapshot(before),
          after: snapshot(view),
          status: 200,
        });
        if (next.email !== current.email || next.name !== current.name) await this.messages.customerChanged(em, scope.id, customerId);
        return view;
      });
    } catch (err) {
      throw uniqueAsEmailTaken(err, email ?? null);
    }
  }

  private async find(businessId: string, customerId: string, em?: EntityManager, lock = false): Promise<Customer> {
    const customer = await this.customers.find(businessId, customerId, em, { lock });
    if (!customer) throw notFound('Customer');
    return customer;
  }
}

function uniqueAsEmailTaken(err: unknown, email: string | null): unknown {
  if (isUniqueViolation(err)) return emailTaken(email ?? 'this e-mail');
  return err;
}

function toView(customer: Customer, timeZone: string): CustomerView {
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    notes: customer.notes,
    createdAt: toZonedIso(customer.createdAt, timeZone),
  };
}

function snapshot(view: CustomerView): Record<string, unknown> {
  return { name: view.name, email: view.email, phone: view.phone, notes: view.notes };
}
