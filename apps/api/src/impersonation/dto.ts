import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  LIMITS,
  BUSINESS_ROLES,
  SUPPORT_ACCESS_DURATIONS,
  type BusinessRole,
  type StartImpersonationRequest,
  type SupportAccessDuration,
  type SupportAccessRequestBody,
  type UpdateSupportAccessRequest,
} from '#contracts';

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
  @MaxLength(LIMITS.reason.max)
  reason?: string;

  @ApiPropertyOptional({
    example: '/b/acme-hair/customers/3f2b9c1e-1d2a-4c7b-9e1f-0a1b2c3d4e5f',
    description: "Deep link inside the business's own admin; anything else is refused with 400 invalid_return_to",
  })
  @IsOptional()
  @IsString()
  returnTo?: string;

  @ApiPropertyOptional({ enum: ENTRY_POINTS })
  @IsOptional()
  @IsIn(ENTRY_POINTS)
  entryPoint?: (typeof ENTRY_POINTS)[number];

  @ApiPropertyOptional({
    default: false,
    description:
      'Emergency entry without the owner’s support-access grant: only with SUPPORT_ACCESS=granted and SUPPORT_BREAK_GLASS=true (else 403 break_glass_disabled); needs a reason; the owners are told at once',
  })
  @IsOptional()
  @IsBoolean()
  breakGlass?: boolean;
}

export class UpdateSupportAccessDto implements UpdateSupportAccessRequest {
  @ApiProperty({
    enum: SUPPORT_ACCESS_DURATIONS,
    nullable: true,
    description: 'Grant support access for one hour (PT1H), one day (P1D) or one week (P7D) from now, replacing any live grant; null revokes it',
  })
  @IsIn([...SUPPORT_ACCESS_DURATIONS, null])
  duration: SupportAccessDuration | null;
}

export class SupportAccessRequestDto implements SupportAccessRequestBody {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Why the operator needs to enter (the owners read it in their notice and e-mail)' })
  @IsString()
  @MaxLength(LIMITS.reason.max)
  reason: string;
}
