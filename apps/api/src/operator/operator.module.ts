import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { OperatorController } from './operator.controller.js';
import { OperatorRepository } from './operator.repository.js';
import { OperatorService } from './operator.service.js';

/**
 * Cross-business read models (All bookings, operator dashboard). The bookings lists come from the
 * bookings module's repository; the platform counts from its own read-only OperatorRepository. Writes none.
 */
@Module({
  imports: [BookingsModule],
  controllers: [OperatorController],
  providers: [OperatorService, OperatorRepository],
})
export class OperatorModule {}
