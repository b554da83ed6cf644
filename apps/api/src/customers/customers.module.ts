import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { CustomersController } from './customers.controller.js';
import { CustomersRepository } from './customers.repository.js';
import { CustomersService } from './customers.service.js';

/**
 * A business's customers. Owns and alone writes the customers table (CustomersRepository), which it
 * exports for the modules ranked above it (public: the customer an online booking names).
 */
@Module({
  imports: [BookingsModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomersRepository],
  exports: [CustomersRepository],
})
export class CustomersModule {}
