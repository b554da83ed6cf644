import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { CreateCustomerRequest, UpdateCustomerRequest } from '#contracts';
import { LIMITS } from '#contracts';
import { PageQuery } from '../common/query.dto.js';
import { OptionalNotNull, Trim, TrimToNull } from '../common/validation-helpers.js';

export class CreateCustomerDto implements CreateCustomerRequest {
  @ApiProperty({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max }) @Trim() @IsString() @Length(LIMITS.name.min, LIMITS.name.max) name: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Stored lower-case; unique within the business' })
  @IsOptional()
  @TrimToNull()
  @IsEmail()
  @MaxLength(LIMITS.email.max)
  email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.phone.max })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(LIMITS.phone.max)
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.notes.max })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(LIMITS.notes.max)
  notes?: string | null;
}

export class UpdateCustomerDto implements UpdateCustomerRequest {
  @ApiPropertyOptional({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @TrimToNull() @IsEmail() @MaxLength(LIMITS.email.max) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.phone.max })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(LIMITS.phone.max)
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.notes.max })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(LIMITS.notes.max)
  notes?: string | null;
}

export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, e-mail or phone (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.search.max)
  q?: string;
}
