import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { LIMITS } from '#contracts';
import { WeeklyHoursDto } from '../common/weekly-hours.js';
import { OptionalNotNull, Trim } from '../common/validation-helpers.js';

const BUFFER = {
  minimum: LIMITS.bufferMinutes.min,
  maximum: LIMITS.bufferMinutes.max,
  description: 'Minutes kept free on the resource around each booking of this service',
};

export class CreateServiceDto {
  @ApiProperty({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max, example: 'Haircut' })
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name: string;
  @ApiProperty({ minimum: LIMITS.serviceDurationMinutes.min, maximum: LIMITS.serviceDurationMinutes.max, example: 45 })
  @IsInt()
  @Min(LIMITS.serviceDurationMinutes.min)
  @Max(LIMITS.serviceDurationMinutes.max)
  durationMinutes: number;
  @ApiProperty({ minimum: 0, example: 3500, description: 'Integer cents' }) @IsInt() @Min(LIMITS.priceCents.min) @Max(LIMITS.priceCents.max) priceCents: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ ...BUFFER, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(LIMITS.bufferMinutes.min)
  @Max(LIMITS.bufferMinutes.max)
  bufferBeforeMinutes?: number;
  @ApiPropertyOptional({ ...BUFFER, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(LIMITS.bufferMinutes.min)
  @Max(LIMITS.bufferMinutes.max)
  bufferAfterMinutes?: number;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The resources that may perform it (replaces the list); empty = every active resource' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  resourceIds?: string[];
}

export class UpdateServiceDto {
  @ApiPropertyOptional({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name?: string;
  @ApiPropertyOptional({ minimum: LIMITS.serviceDurationMinutes.min, maximum: LIMITS.serviceDurationMinutes.max })
  @OptionalNotNull()
  @IsInt()
  @Min(LIMITS.serviceDurationMinutes.min)
  @Max(LIMITS.serviceDurationMinutes.max)
  durationMinutes?: number;
  @ApiPropertyOptional({ minimum: 0 }) @OptionalNotNull() @IsInt() @Min(LIMITS.priceCents.min) @Max(LIMITS.priceCents.max) priceCents?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ ...BUFFER, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(LIMITS.bufferMinutes.min)
  @Max(LIMITS.bufferMinutes.max)
  bufferBeforeMinutes?: number;
  @ApiPropertyOptional({ ...BUFFER, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(LIMITS.bufferMinutes.min)
  @Max(LIMITS.bufferMinutes.max)
  bufferAfterMinutes?: number;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The resources that may perform it (replaces the list); empty = every active resource' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  resourceIds?: string[];
}

export class CreateResourceDto {
  @ApiProperty({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max, example: 'Chair 4' })
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name: string;
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
  @ApiPropertyOptional({ minLength: LIMITS.name.min, maxLength: LIMITS.name.max })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(LIMITS.name.min, LIMITS.name.max)
  name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: [WeeklyHoursDto], description: "The resource's own weekly hours (replaces them); empty = whenever the business is open" })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  workingHours?: WeeklyHoursDto[];
}
