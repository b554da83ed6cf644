import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { CreatePublicBookingRequest } from '#contracts';
import { LIMITS } from '#contracts';
import { IsInstant } from '../common/instant.js';
import { Trim, TrimToNull } from '../common/validation-helpers.js';

const INSTANT_MESSAGE = '$property must be one of the free start times offered (ISO 8601 with an offset)';

export class PublicCustomerDto {
  @ApiProperty({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max, example: 'Jamie Doe' })
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name: string;

  @ApiProperty({ maxLength: LIMITS.email.max, example: 'jamie@example.com', description: 'Matched case-insensitively against the business’s customers' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.phone.max, example: '+44 20 7946 0000' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.phone.max)
  @Matches(/^[0-9+()\-.\s]*$/, { message: 'phone may contain digits, spaces and + ( ) - . only' })
  @TrimToNull()
  phone?: string | null;
}

export class CreatePublicBookingDto implements CreatePublicBookingRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') serviceId: string;

  @ApiProperty({ example: '2026-05-04T09:30:00+01:00', description: 'One of the free start times from …/slots' })
  @IsInstant(INSTANT_MESSAGE)
  startsAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A resource from the slot’s resourceIds; default: the first free one' })
  @IsOptional()
  @IsUUID('all')
  resourceId?: string;

  @ApiProperty({ type: PublicCustomerDto }) @IsDefined() @ValidateNested() @Type(() => PublicCustomerDto) customer: PublicCustomerDto;

  /** Hidden from people (the page never fills it); a bot that fills every field is refused. */
  @ApiPropertyOptional({ description: 'Leave empty (a honeypot for bots)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-05-05T10:00:00+01:00', description: 'One of the free start times from …/slots' })
  @IsInstant(INSTANT_MESSAGE)
  startsAt: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') resourceId?: string;
}
