import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** `?serviceId&from&to`: free start times of one service in [from, to), at most 14 days. */
export class SlotsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') serviceId: string;

  @ApiPropertyOptional({
    example: '2026-05-04',
    description: "A local date (midnight in the business's zone) or an ISO 8601 instant with an offset; default now",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ example: '2026-05-11', description: 'Exclusive; default from + 7 days; at most 14 days after from' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class BusinessSlotsQuery extends SlotsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this resource' }) @IsOptional() @IsUUID('all') resourceId?: string;
}
