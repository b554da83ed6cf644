import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { CreateCustomerRequest, UpdateCustomerRequest } from '#contracts';
import { PageQuery } from '../../common/query.dto.js';
import { OptionalNotNull, Trim, TrimToNull } from './validation-helpers.js';

export class CreateCustomerDto implements CreateCustomerRequest {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @Trim() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Stored lower-case; unique within the business' }) @IsOptional() @TrimToNull() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 }) @IsOptional() @TrimToNull() @IsString() @MaxLength(50) phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 }) @IsOptional() @TrimToNull() @IsString() @MaxLength(2000) notes?: string | null;
}

export class UpdateCustomerDto implements UpdateCustomerRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @OptionalNotNull() @Trim() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @TrimToNull() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 }) @IsOptional() @TrimToNull() @IsString() @MaxLength(50) phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 }) @IsOptional() @TrimToNull() @IsString() @MaxLength(2000) notes?: string | null;
}

export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, e-mail or phone (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
