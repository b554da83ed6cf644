import { Module, type OnModuleInit } from '@nestjs/common';
import { BookingCustomers } from '../bookings/booking-customers.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { CustomersController } from './customers.controller.js';
import { CustomersRepository } from './customers.repository.js';
import { CustomersService } from './customers.service.js';

/**
 * A business's customers. Owns and alone writes the customers table (CustomersRepository); bookings
 * reach it through BookingCustomers, which this module provides at start-up (bookings rank below
 * customers and never import them).
 */
@Module({
  imports: [BookingsModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomersRepository],
  exports: [CustomersRepository],
})
export class CustomersModule implements OnModuleInit {
  constructor(
    private readonly bookingCustomers: BookingCustomers,
    private readonly repository: CustomersRepository,
  ) {}

  onModuleInit(): void {
    this.bookingCustomers.provide(this.repository);
  }
}
