import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type Repository } from 'typeorm';
import { containsPattern } from '../common/sql.js';
import { Customer } from './customer.entity.js';

/** The customer an online booking names: the (lower-case) e-mail is the match within the business. */
export interface OnlineBookingCustomer {
  name: string;
  email: string;
  phone: string | null;
}

/** A page of customers in name order, each with the database's own lower(name) for the next cursor. */
export interface CustomerPageRow {
  customer: Customer;
  sortKey: string;
}

export interface CustomerPageQuery {
  /** Part of the name, e-mail or phone (case-insensitive), already trimmed; empty = everyone. */
  search: string | null;
  /** The (lower(name), id) of the last row of the previous page. */
  after: [string, string] | null;
  limit: number;
}

/**
 * The one reader and writer of `customers` (docs/ARCHITECTURE.md §8). Every method takes the
 * caller's EntityManager when it runs inside the caller's transaction.
 */
@Injectable()
export class CustomersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(em?: EntityManager): Repository<Customer> {
    return (em ?? this.db.manager).getRepository(Customer);
  }

  /** Keyset on (lower(name), id), which the index customers_business_name serves. */
  async page(businessId: string, query: CustomerPageQuery, em?: EntityManager): Promise<CustomerPageRow[]> {
    const qb = this.repo(em).createQueryBuilder('c').addSelect('lower(c.name)', 'sort_key').where('c.businessId = :businessId', { businessId });
    if (query.search) {
      qb.andWhere(
        new Brackets((w) => {
          w.where(`c.name ILIKE :pattern ESCAPE '\\'`).orWhere(`c.email ILIKE :pattern ESCAPE '\\'`).orWhere(`c.phone ILIKE :pattern ESCAPE '\\'`);
        }),
        { pattern: containsPattern(query.search) },
      );
    }
    if (query.after) qb.andWhere('(lower(c.name), c.id) > (:afterKey, CAST(:afterId AS uuid))', { afterKey: query.after[0], afterId: query.after[1] });
    const { entities, raw } = await qb.orderBy('lower(c.name)').addOrderBy('c.id').limit(query.limit).getRawAndEntities<{ sort_key: string }>();
    return entities.map((customer, i) => ({ customer, sortKey: raw[i]!.sort_key }));
  }

  /** The customer, or null when the id names none of this business's (another business's id included). */
  find(businessId: string, customerId: string, em?: EntityManager, options: { lock?: boolean } = {}): Promise<Customer | null> {
    return this.repo(em).findOne({ where: { businessId, id: customerId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Whether another customer of the business (not `exceptId`) has this (lower-case) e-mail. */
  async emailTaken(businessId: string, email: string, exceptId: string | null, em?: EntityManager): Promise<boolean> {
    // One plain statement on the unique index customers_business_email: it runs in every customer write.
    const rows = (await (em ?? this.db.manager).query(
      `SELECT 1 FROM customers WHERE business_id = $1 AND email = $2 AND ($3::uuid IS NULL OR id <> $3::uuid) LIMIT 1`,
      [businessId, email, exceptId],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Inserts the customer; the database generates the id. One plain statement (the hot audited write,
   * docs/ARCHITECTURE.md §8): the query builder's insert and entity merge cost more CPU than the round trip.
   */
  async insert(em: EntityManager, values: Omit<Customer, 'id'>): Promise<Customer> {
    const [row] = (await em.query(
      `INSERT INTO customers (business_id, name, email, phone, notes, created_at, updated_at, created_by, created_in_impersonation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        values.businessId,
        values.name,
        values.email,
        values.phone,
        values.notes,
        values.createdAt,
        values.updatedAt,
        values.createdBy,
        values.createdInImpersonation,
      ],
    )) as Pick<Customer, 'id'>[];
    return Object.assign(new Customer(), values, { id: row!.id });
  }

  async update(
    em: EntityManager,
    businessId: string,
    customerId: string,
    values: Pick<Customer, 'name' | 'email' | 'phone' | 'notes' | 'updatedAt'>,
  ): Promise<void> {
    await this.repo(em).update({ businessId, id: customerId }, values);
  }

  /**
   * The business's customer with this e-mail, created when there is none; an existing customer keeps
   * their name and details, and only a missing phone is filled in. One statement (ON CONFLICT on the
   * partial unique index customers_business_email), so two racing bookings by one new customer make
   * one customer. Returns the customer's id.
   */
  async findOrCreateForOnlineBooking(em: EntityManager, businessId: string, customer: OnlineBookingCustomer, now: Date): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO customers (business_id, name, email, phone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (business_id, email) WHERE email IS NOT NULL
       DO UPDATE SET phone = coalesce(customers.phone, EXCLUDED.phone)
       RETURNING id`,
      [businessId, customer.name, customer.email, customer.phone, now],
    )) as Pick<Customer, 'id'>[];
    return row!.id;
  }
}
