import { Module } from '@nestjs/common';
import { OperatorController } from './operator.controller.js';
import { OperatorService } from './operator.service.js';

/** Cross-business read models (All bookings, operator dashboard). Reads other modules' tables with plain SQL; writes none. */
@Module({
  controllers: [OperatorController],
  providers: [OperatorService],
})
export class OperatorModule {}
