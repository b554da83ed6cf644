import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problems.js';
import { ResourceView, ServiceView } from './responses.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { CatalogService } from './catalog.service.js';
import { CreateResourceDto, CreateServiceDto, UpdateResourceDto, UpdateServiceDto } from './dto.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('services')
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/services')
export class ServicesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'listServices', summary: 'Every service, active or not, by name (staff read them to book)' })
  @ApiOkResponse({ type: ServiceView, isArray: true })
  list(@Scope() scope: BusinessScope): Promise<ServiceView[]> {
    return this.catalog.services(scope);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'createService', summary: 'Add a service' })
  @ApiCreatedResponse({ type: ServiceView })
  create(@Scope() scope: BusinessScope, @Body() body: CreateServiceDto): Promise<ServiceView> {
    return this.catalog.createService(scope, body);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateService', summary: 'Change a service (active: false retires it; existing bookings keep it)' })
  @ApiOkResponse({ type: ServiceView })
  @ApiProblems({ 404: ['not_found'] })
  update(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Service')) id: string, @Body() body: UpdateServiceDto): Promise<ServiceView> {
    return this.catalog.updateService(scope, id, body);
  }
}

@ApiTags('resources')
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/resources')
export class ResourcesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'listResources', summary: 'Every resource (chair, room, practitioner), active or not, by name' })
  @ApiOkResponse({ type: ResourceView, isArray: true })
  list(@Scope() scope: BusinessScope): Promise<ResourceView[]> {
    return this.catalog.resources(scope);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'createResource', summary: 'Add a resource' })
  @ApiCreatedResponse({ type: ResourceView })
  create(@Scope() scope: BusinessScope, @Body() body: CreateResourceDto): Promise<ResourceView> {
    return this.catalog.createResource(scope, body);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateResource', summary: 'Rename a resource or (de)activate it' })
  @ApiOkResponse({ type: ResourceView })
  @ApiProblems({ 404: ['not_found'] })
  update(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Resource')) id: string, @Body() body: UpdateResourceDto): Promise<ResourceView> {
    return this.catalog.updateResource(scope, id, body);
  }
}
