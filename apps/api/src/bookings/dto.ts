import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS, BOOKING_STATUSES, type BookingStatus, type UpdateBookingRequest } from '#contracts';
import { PageQuery } from '../common/query.dto.js';
import { IsInstant } from '../common/instant.js';
import { OptionalNotNull, TrimToNull } from '../common/validation-helpers.js';

const EDITABLE_STATUSES = ['confirmed', 'completed', 'no_show'] as const;

/** CreateBookingRequest, checked. */
export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') customerId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') serviceId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') resourceId: string;

  @ApiProperty({ example: '2026-05-04T09:30:00+01:00', description: 'ISO 8601 with an offset or Z. The end is startsAt plus the service duration.' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ type: String, maxLength: LIMITS.notes.max, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.notes.max)
  @TrimToNull()
  notes?: string | null;
}

export class UpdateBookingDto implements UpdateBookingRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID('all') customerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID('all') serviceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID('all') resourceId?: string;

  @ApiPropertyOptional({ example: '2026-05-04T10:00:00+01:00' })
  @OptionalNotNull()
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ type: String, maxLength: LIMITS.notes.max, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.notes.max)
  @TrimToNull()
  notes?: string | null;

  @ApiPropertyOptional({ enum: EDITABLE_STATUSES, description: 'Cancel through POST …/cancel instead' })
  @OptionalNotNull()
  @IsIn(EDITABLE_STATUSES, { message: 'status must be one of confirmed, completed, no_show (cancel through POST …/cancel)' })
  status?: Exclude<BookingStatus, 'cancelled'>;
}

export class BookingListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Bookings starting at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Bookings starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES }) @IsOptional() @IsIn(BOOKING_STATUSES) status?: BookingStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') resourceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') customerId?: string;

  @ApiPropertyOptional({ description: "Part of the customer's name or e-mail (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.search.max)
  q?: string;
}
