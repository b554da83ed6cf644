import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../common/instant.js';
import { BOOKING_STATUSES, type BookingStatus } from '#contracts';
import { PageQuery } from '../common/query.dto.js';

export class AllBookingsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Bookings starting at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Bookings starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  businessId?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;

  @ApiPropertyOptional({ description: "Part of the customer's name or e-mail (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
