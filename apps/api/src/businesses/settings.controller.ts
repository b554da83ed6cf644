import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { BrandingSettings, GeneralSettings } from './responses.js';

import { BusinessAccess } from '../common/access.decorators.js';
import { BrandingSettingsDto, GeneralSettingsDto } from './dto.js';
import { SettingsService } from './settings.service.js';

/** Reads for every member (the shell brands itself with the branding); writes for owners. */
@ApiTags('settings')
@Controller('businesses/:businessId/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('general')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getGeneralSettings', summary: "The business's name, time zone, currency and contact details" })
  @ApiOkResponse({ type: GeneralSettings })
  general(@Param('businessId') businessId: string): Promise<GeneralSettings> {
    return this.settings.general(businessId);
  }

  @Put('general')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateGeneralSettings', summary: "Replace the business's name, time zone, currency and contact details" })
  @ApiOkResponse({ type: GeneralSettings })
  @ApiProblems({ 400: ['invalid_time_zone', 'invalid_currency'] })
  updateGeneral(@Param('businessId') businessId: string, @Body() body: GeneralSettingsDto): Promise<GeneralSettings> {
    return this.settings.updateGeneral(businessId, body);
  }

  @Get('branding')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBrandingSettings', summary: "The business's colour and logo" })
  @ApiOkResponse({ type: BrandingSettings })
  branding(@Param('businessId') businessId: string): Promise<BrandingSettings> {
    return this.settings.branding(businessId);
  }

  @Put('branding')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateBrandingSettings', summary: "Replace the business's colour (#RRGGBB) and logo (https:// URL); null clears either" })
  @ApiOkResponse({ type: BrandingSettings })
  updateBranding(@Param('businessId') businessId: string, @Body() body: BrandingSettingsDto): Promise<BrandingSettings> {
    return this.settings.updateBranding(businessId, body);
  }
}
