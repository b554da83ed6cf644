import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { AvailabilitySettings } from '#contracts';
import { WeeklyHoursDto } from '../common/weekly-hours.js';

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
