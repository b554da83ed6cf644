import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResourceView, ServiceView } from '#contracts';
import { AuditResource } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { CatalogService } from './catalog.service.js';
import { CreateResourceDto, CreateServiceDto, UpdateResourceDto, UpdateServiceDto } from './dto/catalog.dto.js';
import { UuidParam } from './uuid-param.pipe.js';

@ApiTags('services')
@Controller('businesses/:businessId/services')
@AuditResource('service')
export class ServicesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Every service, active or not, by name (staff read them to book)' })
  @ApiOkResponse({ description: 'ServiceView[]' })
  list(@Param('businessId') businessId: string): Promise<ServiceView[]> {
    return this.catalog.services(businessId);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Add a service' })
  @ApiCreatedResponse({ description: 'ServiceView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` (name 1–200, durationMinutes 5–1440, priceCents ≥ 0, integers)' })
  create(@Param('businessId') businessId: string, @Body() body: CreateServiceDto): Promise<ServiceView> {
    return this.catalog.createService(businessId, body);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Change a service (active: false retires it; existing bookings keep it)' })
  @ApiOkResponse({ description: 'ServiceView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  update(@Param('businessId') businessId: string, @Param('id', new UuidParam('Service')) id: string, @Body() body: UpdateServiceDto): Promise<ServiceView> {
    return this.catalog.updateService(businessId, id, body);
  }
}

@ApiTags('resources')
@Controller('businesses/:businessId/resources')
@AuditResource('resource')
export class ResourcesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Every resource (chair, room, practitioner), active or not, by name' })
  @ApiOkResponse({ description: 'ResourceView[]' })
  list(@Param('businessId') businessId: string): Promise<ResourceView[]> {
    return this.catalog.resources(businessId);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Add a resource' })
  @ApiCreatedResponse({ description: 'ResourceView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  create(@Param('businessId') businessId: string, @Body() body: CreateResourceDto): Promise<ResourceView> {
    return this.catalog.createResource(businessId, body);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Rename a resource or (de)activate it' })
  @ApiOkResponse({ description: 'ResourceView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  update(@Param('businessId') businessId: string, @Param('id', new UuidParam('Resource')) id: string, @Body() body: UpdateResourceDto): Promise<ResourceView> {
    return this.catalog.updateResource(businessId, id, body);
  }
}
