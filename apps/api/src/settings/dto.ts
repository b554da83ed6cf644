import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { LIMITS, type BrandingSettings, type UpdateGeneralSettingsRequest } from '#contracts';
import { Name, TimeZoneName } from '../businesses/dto.js';

/**
 * PUT replaces: every field must be present (the contact fields may be null), except `currency`,
 * which came later: left out, the stored one is kept, so scripts written before it still work.
 */
export class GeneralSettingsDto implements UpdateGeneralSettingsRequest {
  @ApiProperty() @Name() name: string;

  @ApiProperty({ example: 'Europe/London', description: 'A canonical IANA zone (no aliases such as US/Pacific, no numeric offsets)' })
  @TimeZoneName()
  timeZone: string;

  @ApiPropertyOptional({
    example: 'GBP',
    description: 'ISO 4217 code with two decimals (EUR, GBP, USD, …); 400 `invalid_currency` otherwise. Left out: unchanged',
  })
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
