import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { AvailabilitySettings, WeeklyHours } from '#contracts';
import { CLOSES_PATTERN, OPENS_PATTERN } from './availability-rules.js';

export class WeeklyHoursDto implements WeeklyHours {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '09:00' }) @IsString() @Matches(OPENS_PATTERN, { message: 'opens must be HH:MM (00:00–23:59)' }) opens: string;
  @ApiProperty({ example: '18:00', description: "After opens; '24:00' means until midnight" })
  @IsString()
  @Matches(CLOSES_PATTERN, { message: 'closes must be HH:MM (00:01–24:00)' })
  closes: string;
}

export class UpdateAvailabilityDto implements Omit<AvailabilitySettings, 'timeZone'> {
  @ApiPropertyOptional({ description: 'Ignored: the time zone is a general setting of the business' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({ type: [WeeklyHoursDto], description: 'Replaces every opening interval; intervals of one weekday must not overlap' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  weekly: WeeklyHoursDto[];

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Replaces every closed date (local dates, YYYY-MM-DD, unique)' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique({ message: 'closedDates must not repeat a date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'each closed date must be YYYY-MM-DD' })
  closedDates: string[];
}
