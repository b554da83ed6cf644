import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsEmpty,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LIMITS, BUSINESS_ROLES, SLUG_PATTERN, type BrandingSettings, type BusinessRole, type BusinessStatus, type CreateBusinessRequest, type UpdateGeneralSettingsRequest, type AcceptInvitationRequest, type InviteTeamMemberRequest, type UpdateBusinessRequest } from '#contracts';
import { PageQuery } from '../common/query.dto.js';

export const BUSINESS_STATUSES: readonly BusinessStatus[] = ['active', 'suspended'];

/**
 * A time-zone name as sent; whether it may be stored (canonical IANA, known to Intl and to the
 * database) is decided by TimeZoneCatalog, which answers 400 `invalid_time_zone`.
 */
const TimeZoneName = () => applyDecorators(IsString({ message: 'timeZone must be an IANA time-zone name such as Europe/London' }), MaxLength(64));

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A display name: trimmed, LIMITS.name (the database's own CHECK). */
const Name = () => applyDecorators(IsString(), trim(), MinLength(LIMITS.name.min), MaxLength(LIMITS.name.max));

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

  @ApiProperty({ example: 'dana@example.test', description: 'Where the invitation goes; the owner chooses their own password (or, holding an account already, accepts with it)' })
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

  @ApiProperty({ type: NewOwnerDto, description: 'The first owner: invited by e-mail to join as owner (a new person chooses a password, an existing one accepts with theirs)' })
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

/**
 * PUT replaces: every field must be present (the contact fields may be null), except `currency`,
 * which came later: left out, the stored one is kept, so scripts written before it still work.
 */
export class GeneralSettingsDto implements UpdateGeneralSettingsRequest {
  @ApiProperty() @Name() name: string;

  @ApiProperty({ example: 'Europe/London', description: 'A canonical IANA zone (no aliases such as US/Pacific, no numeric offsets)' })
  @TimeZoneName()
  timeZone: string;

  @ApiPropertyOptional({ example: 'GBP', description: 'ISO 4217 code with two decimals (EUR, GBP, USD, …); 400 `invalid_currency` otherwise. Left out: unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(3, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiProperty({ type: String, nullable: true, example: 'hello@example.test' })
  @ValidateIf((o: GeneralSettingsDto) => o.contactEmail !== null)
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address or null' })
  contactEmail: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+44 20 7946 0000' })
  @ValidateIf((o: GeneralSettingsDto) => o.contactPhone !== null)
  @IsString()
  @MaxLength(LIMITS.phone.max)
  @Matches(/^\+?[0-9 ()./-]{3,50}$/, { message: 'contactPhone must be a phone number (digits, spaces, + ( ) . / -) or null' })
  contactPhone: string | null;
}

export class BrandingSettingsDto implements Pick<BrandingSettings, 'primaryColor'> {
  @ApiProperty({ type: String, nullable: true, example: '#b4235a', pattern: '^#[0-9a-fA-F]{6}$' })
  @ValidateIf((o: BrandingSettingsDto) => o.primaryColor !== null)
  @IsString()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'primaryColor must be a colour like #1a2b3c, or null' })
  primaryColor: string | null;

  /**
   * Logos are uploaded (PUT …/branding/logo), never linked. Left out or sent as the current logoUrl,
   * the logo stays; null removes it; any other value is 400 `logo_url_external` (SettingsService).
   */
  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: LIMITS.url.max,
    description: 'Only the current logoUrl (keep) or null (remove); upload a new logo with PUT …/settings/branding/logo',
  })
  @IsOptional()
  @ValidateIf((o: BrandingSettingsDto) => o.logoUrl !== null)
  @IsString()
  @MaxLength(LIMITS.url.max)
  logoUrl?: string | null;
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
const Token = () => applyDecorators(ApiProperty({ description: 'The token from the link in the e-mail' }), IsString(), MaxLength(200), Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not valid' }));

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
