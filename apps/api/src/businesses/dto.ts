import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsEmpty, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  LIMITS,
  BUSINESS_ROLES,
  SLUG_PATTERN,
  type BusinessRole,
  type BusinessStatus,
  type CreateBusinessRequest,
  type AcceptInvitationRequest,
  type InviteTeamMemberRequest,
  type UpdateBusinessRequest,
} from '#contracts';
import { PageQuery } from '../common/query.dto.js';

export const BUSINESS_STATUSES: readonly BusinessStatus[] = ['active', 'suspended'];

/**
 * A time-zone name as sent; whether it may be stored (canonical IANA, known to Intl and to the
 * database) is decided by TimeZoneCatalog, which answers 400 `invalid_time_zone`.
 */
export const TimeZoneName = () => applyDecorators(IsString({ message: 'timeZone must be an IANA time-zone name such as Europe/London' }), MaxLength(64));

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A display name: trimmed, LIMITS.name (the database's own CHECK). */
export const Name = () => applyDecorators(IsString(), trim(), MinLength(LIMITS.name.min), MaxLength(LIMITS.name.max));

const SLUG_MESSAGE = 'slug must be 2–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit';
const PASSWORD_MESSAGE = 'password must be at least 8 characters';

export class BusinessListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or slug (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.search.max)
  q?: string;

  @ApiPropertyOptional({ enum: BUSINESS_STATUSES })
  @IsOptional()
  @IsIn(BUSINESS_STATUSES)
  status?: BusinessStatus;
}

export class NewOwnerDto {
  @ApiProperty({ example: 'Dana Owner' }) @Name() name: string;

  @ApiProperty({
    example: 'dana@example.test',
    description: 'Where the invitation goes; the owner chooses their own password (or, holding an account already, accepts with it)',
  })
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  /** Gone: the owner chooses their own password from the invitation. Refused with a message that says so. */
  @ApiHideProperty()
  @IsEmpty({ message: 'password is not accepted: the owner is sent an invitation and chooses their own password' })
  password?: never;
}

export class CreateBusinessDto implements CreateBusinessRequest {
  @ApiProperty({ example: 'Dana Dental' }) @Name() name: string;

  @ApiProperty({ example: 'dana-dental', pattern: SLUG_PATTERN.source })
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'A canonical IANA zone (no aliases such as US/Pacific, no numeric offsets)' })
  @TimeZoneName()
  timeZone: string;

  @ApiProperty({
    type: NewOwnerDto,
    description: 'The first owner: invited by e-mail to join as owner (a new person chooses a password, an existing one accepts with theirs)',
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewOwnerDto)
  owner: NewOwnerDto;
}

/** Operator-only: status lives here and nowhere an owner can reach. */
export class UpdateBusinessDto implements UpdateBusinessRequest {
  @ApiPropertyOptional() @IsOptional() @Name() name?: string;

  @ApiPropertyOptional({ pattern: SLUG_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug?: string;

  @ApiPropertyOptional({ enum: BUSINESS_STATUSES })
  @IsOptional()
  @IsIn(BUSINESS_STATUSES)
  status?: BusinessStatus;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'A canonical IANA zone; lets the operator correct a zone without impersonating' })
  @IsOptional()
  @TimeZoneName()
  timeZone?: string;
}

export class InviteTeamMemberDto implements InviteTeamMemberRequest {
  @ApiProperty({ example: 'Sam Stylist' }) @Name() name: string;

  @ApiProperty({ example: 'sam@example.test' })
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ enum: BUSINESS_ROLES })
  @IsIn(BUSINESS_ROLES)
  role: BusinessRole;
}

/** The link's token: opaque, fixed alphabet and bounded length (checked again when parsed). */
const Token = () =>
  applyDecorators(
    ApiProperty({ description: 'The token from the link in the e-mail' }),
    IsString(),
    MaxLength(200),
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not valid' }),
  );

export class InvitationTokenDto {
  @Token() token: string;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @Token() token: string;

  @ApiProperty({ format: 'password', minLength: 8, description: 'A new password (new account), or the existing account’s password' })
  @IsString()
  @MinLength(LIMITS.password.min, { message: PASSWORD_MESSAGE })
  @MaxLength(LIMITS.password.max)
  password: string;

  @ApiPropertyOptional({ description: 'The name to show (new accounts); defaults to the one the inviter typed' })
  @IsOptional()
  @Name()
  name?: string;
}

export class UpdateTeamMemberDto {
  @ApiProperty({ enum: BUSINESS_ROLES })
  @IsIn(BUSINESS_ROLES)
  role: BusinessRole;
}
