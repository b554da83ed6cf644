import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BUSINESS_ROLES, type BusinessRole, type StartImpersonationRequest } from '#contracts';

const ENTRY_POINTS = ['business_list', 'all_bookings', 'operator_dashboard', 'time_limit', 'api'] as const;

export class StartImpersonationDto implements StartImpersonationRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  businessId: string;

  @ApiPropertyOptional({ enum: BUSINESS_ROLES, default: 'owner' })
  @IsOptional()
  @IsIn(BUSINESS_ROLES)
  role?: BusinessRole;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  readOnly?: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why the operator enters (shown to the owner in the access log)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ example: '/b/acme-hair/customers/3f2b9c1e-1d2a-4c7b-9e1f-0a1b2c3d4e5f', description: "Deep link inside the business's own admin; anything else is refused with 400 invalid_return_to" })
  @IsOptional()
  @IsString()
  returnTo?: string;

  @ApiPropertyOptional({ enum: ENTRY_POINTS })
  @IsOptional()
  @IsIn(ENTRY_POINTS)
  entryPoint?: (typeof ENTRY_POINTS)[number];
}
