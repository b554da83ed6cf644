import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilitySettings } from '../bookings/responses.js';

import { BusinessAccess } from '../access/access.decorators.js';
import { AvailabilitySettingsService } from './availability-settings.service.js';
import { UpdateAvailabilityDto } from './availability.dto.js';

@ApiTags('settings')
@Controller('businesses/:businessId/settings/availability')
export class AvailabilitySettingsController {
  constructor(private readonly availability: AvailabilitySettingsService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getAvailabilitySettings', summary: 'Weekly opening hours and closed dates, in the business time zone' })
  @ApiOkResponse({ type: AvailabilitySettings })
  get(@Param('businessId') businessId: string): Promise<AvailabilitySettings> {
    return this.availability.get(businessId);
  }

  @Put()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'replaceAvailabilitySettings', summary: 'Replace the weekly hours and closed dates (timeZone in the body is ignored)' })
  @ApiOkResponse({ type: AvailabilitySettings })
  replace(@Param('businessId') businessId: string, @Body() body: UpdateAvailabilityDto): Promise<AvailabilitySettings> {
    return this.availability.replace(businessId, body);
  }
}
