import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '../common/instant.js';

export class CalendarQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: Monday 00:00 of the current local week' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive; at most 62 days after from. Default: from + 7 days' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') resourceId?: string;
}
