import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { AvailabilitySettingsService } from './availability-settings.service.js';
import { UpdateAvailabilityDto } from './availability.dto.js';
import { AvailabilitySettings } from './responses.js';

@ApiTags('settings')
@ApiParam({ name: 'businessId', type: String })
@Controller('businesses/:businessId/settings/availability')
export class AvailabilitySettingsController {
  constructor(private readonly availability: AvailabilitySettingsService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getAvailabilitySettings', summary: 'Weekly opening hours and closed dates, in the business time zone' })
  @ApiOkResponse({ type: AvailabilitySettings })
  get(@Scope() scope: BusinessScope): Promise<AvailabilitySettings> {
    return this.availability.get(scope);
  }

  @Put()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'replaceAvailabilitySettings', summary: 'Replace the weekly hours and closed dates (timeZone in the body is ignored)' })
  @ApiOkResponse({ type: AvailabilitySettings })
  replace(@Scope() scope: BusinessScope, @Body() body: UpdateAvailabilityDto): Promise<AvailabilitySettings> {
    return this.availability.replace(scope, body);
  }
}
