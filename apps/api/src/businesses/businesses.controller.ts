import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/page.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { OperatorBusinessView } from './responses.js';
import type { Page } from '#contracts';
import { OperatorOnly } from '../access/access.decorators.js';
import { BusinessesService } from './businesses.service.js';
import { BusinessListQuery, CreateBusinessDto, UpdateBusinessDto } from './dto.js';

/** The operator's business management (docs/ARCHITECTURE.md §2: operators only, 403 `impersonation_active` while impersonating). */
@ApiTags('businesses')
@Controller('businesses')
export class BusinessesController {
  constructor(private readonly businesses: BusinessesService) {}

  @Get()
  @OperatorOnly()
  @ApiOperation({
    operationId: 'listBusinesses',
    summary: 'Every business on the platform, by name (keyset paginated), with its first owner and bookings today in its own zone',
  })
  @ApiOkResponse({ type: PageOf(OperatorBusinessView) })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@Query() query: BusinessListQuery): Promise<Page<OperatorBusinessView>> {
    return this.businesses.list(query);
  }

  @Post()
  @OperatorOnly()
  @ApiOperation({
    operationId: 'createBusiness',
    summary: 'Create a business with default opening hours (Mon–Fri 09:00–17:00); its first owner is sent an invitation to choose their own password',
  })
  @ApiCreatedResponse({ type: OperatorBusinessView })
  @ApiProblems({ 400: ['invalid_time_zone'], 409: ['slug_taken'] })
  create(@Body() body: CreateBusinessDto): Promise<OperatorBusinessView> {
    return this.businesses.create(body);
  }

  @Get(':businessId')
  @OperatorOnly()
  @ApiOperation({ operationId: 'getBusiness', summary: 'One business, as the operator sees it' })
  @ApiOkResponse({ type: OperatorBusinessView })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'] })
  get(@Param('businessId', new UuidParam('Business')) businessId: string): Promise<OperatorBusinessView> {
    return this.businesses.get(businessId);
  }

  @Patch(':businessId')
  @OperatorOnly()
  @ApiOperation({ operationId: 'updateBusiness', summary: 'Rename, change the slug, suspend or reactivate a business' })
  @ApiOkResponse({ type: OperatorBusinessView })
  @ApiProblems({ 400: ['bad_request', 'invalid_time_zone'], 404: ['not_found'], 409: ['slug_taken'] })
  update(@Param('businessId', new UuidParam('Business')) businessId: string, @Body() body: UpdateBusinessDto): Promise<OperatorBusinessView> {
    return this.businesses.update(businessId, body);
  }
}
