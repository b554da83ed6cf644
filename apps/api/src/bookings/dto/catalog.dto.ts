import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { WeeklyHoursDto } from './availability.dto.js';
import { OptionalNotNull, Trim } from './validation-helpers.js';

const BUFFER = { minimum: 0, maximum: 240, description: 'Minutes kept free on the resource around each booking of this service' };

export class CreateServiceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Haircut' }) @Trim() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ minimum: 5, maximum: 1440, example: 45 }) @IsInt() @Min(5) @Max(1440) durationMinutes: number;
  @ApiProperty({ minimum: 0, example: 3500, description: 'Integer cents' }) @IsInt() @Min(0) @Max(2_000_000_000) priceCents: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ ...BUFFER, default: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(240) bufferBeforeMinutes?: number;
  @ApiPropertyOptional({ ...BUFFER, default: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(240) bufferAfterMinutes?: number;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The resources that may perform it (replaces the list); empty = every active resource' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  resourceIds?: string[];
}

export class UpdateServiceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @OptionalNotNull() @Trim() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 1440 }) @OptionalNotNull() @IsInt() @Min(5) @Max(1440) durationMinutes?: number;
  @ApiPropertyOptional({ minimum: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(2_000_000_000) priceCents?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ ...BUFFER, default: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(240) bufferBeforeMinutes?: number;
  @ApiPropertyOptional({ ...BUFFER, default: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(240) bufferAfterMinutes?: number;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The resources that may perform it (replaces the list); empty = every active resource' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  resourceIds?: string[];
}

export class CreateResourceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Chair 4' }) @Trim() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: [WeeklyHoursDto], description: "The resource's own weekly hours (replaces them); empty = whenever the business is open" })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  workingHours?: WeeklyHoursDto[];
}

export class UpdateResourceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @OptionalNotNull() @Trim() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: [WeeklyHoursDto], description: "The resource's own weekly hours (replaces them); empty = whenever the business is open" })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  workingHours?: WeeklyHoursDto[];
}
