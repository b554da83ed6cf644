import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The customer an online booking names: the (lower-case) e-mail is the match within the business. */
export interface OnlineBookingCustomer {
  name: string;
  email: string;
  phone: string | null;
}

/**
 * What bookings need of the customers table, which customers/ owns and writes (it ranks above
 * bookings: docs/ARCHITECTURE.md §8, the folder ranks in `.dependency-cruiser.cjs`).
 */
export interface BookingCustomerSource {
  /** The business's customer with this e-mail, created when new (an existing one keeps their details; a missing phone is filled). Its id. */
  findOrCreateForOnlineBooking(em: EntityManager, businessId: string, customer: OnlineBookingCustomer, now: Date): Promise<string>;
}

/**
 * The customers module's repository as bookings see it. CustomersModule provides its repository
 * once, at start-up (`onModuleInit`); bookings inject this and never import customers/. Asking before
 * it is provided is a wiring bug and fails loudly.
 */
@Injectable()
export class BookingCustomers implements BookingCustomerSource {
  private source: BookingCustomerSource | null = null;

  provide(source: BookingCustomerSource): void {
    if (this.source) throw new Error('BookingCustomers already has its source');
    this.source = source;
  }

  findOrCreateForOnlineBooking(em: EntityManager, businessId: string, customer: OnlineBookingCustomer, now: Date): Promise<string> {
    return this.required().findOrCreateForOnlineBooking(em, businessId, customer, now);
  }

  private required(): BookingCustomerSource {
    if (!this.source) throw new Error('BookingCustomers has no source: CustomersModule is not loaded');
    return this.source;
  }
}
