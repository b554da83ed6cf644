import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AvailabilitySettings } from '#contracts';
import { AuditAction } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { AvailabilitySettingsService } from './availability-settings.service.js';
import { UpdateAvailabilityDto } from './dto/availability.dto.js';

@ApiTags('settings')
@Controller('businesses/:businessId/settings/availability')
export class AvailabilitySettingsController {
  constructor(private readonly availability: AvailabilitySettingsService) {}

  @AuditAction('settings.availability.view')
  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Weekly opening hours and closed dates, in the business time zone' })
  @ApiOkResponse({ description: 'AvailabilitySettings' })
  get(@Param('businessId') businessId: string): Promise<AvailabilitySettings> {
    return this.availability.get(businessId);
  }

  @AuditAction('settings.availability.update')
  @Put()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Replace the weekly hours and closed dates (timeZone in the body is ignored)' })
  @ApiOkResponse({ description: 'AvailabilitySettings' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` (HH:MM, closes after opens, no overlap within a weekday, unique real dates)' })
  replace(@Param('businessId') businessId: string, @Body() body: UpdateAvailabilityDto): Promise<AvailabilitySettings> {
    return this.availability.replace(businessId, body);
  }
}
