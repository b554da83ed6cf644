import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BrandingSettings, GeneralSettings } from '#contracts';
import { AuditAction } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { BrandingSettingsDto, GeneralSettingsDto } from './dto.js';
import { SettingsService } from './settings.service.js';

/** Reads for every member (the shell brands itself with the branding); writes for owners. */
@ApiTags('settings')
@Controller('businesses/:businessId/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @AuditAction('settings.general.view')
  @Get('general')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: "The business's name, time zone and contact details" })
  @ApiOkResponse({ description: 'GeneralSettings' })
  general(@Param('businessId') businessId: string): Promise<GeneralSettings> {
    return this.settings.general(businessId);
  }

  @AuditAction('settings.general.update')
  @Put('general')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: "Replace the business's name, time zone and contact details" })
  @ApiOkResponse({ description: 'GeneralSettings' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  updateGeneral(@Param('businessId') businessId: string, @Body() body: GeneralSettingsDto): Promise<GeneralSettings> {
    return this.settings.updateGeneral(businessId, body);
  }

  @AuditAction('settings.branding.view')
  @Get('branding')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: "The business's colour and logo" })
  @ApiOkResponse({ description: 'BrandingSettings' })
  branding(@Param('businessId') businessId: string): Promise<BrandingSettings> {
    return this.settings.branding(businessId);
  }

  @AuditAction('settings.branding.update')
  @Put('branding')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: "Replace the business's colour (#RRGGBB) and logo (https:// URL); null clears either" })
  @ApiOkResponse({ description: 'BrandingSettings' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  updateBranding(@Param('businessId') businessId: string, @Body() body: BrandingSettingsDto): Promise<BrandingSettings> {
    return this.settings.updateBranding(businessId, body);
  }
}
