import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OperatorBusinessView, Page } from '#contracts';
import { AuditResource } from '../common/request-context.guard.js';
import { OperatorOnly } from '../common/access.decorators.js';
import { BusinessesService } from './businesses.service.js';
import { BusinessListQuery, CreateBusinessDto, UpdateBusinessDto } from './dto.js';

/** The operator's business management (docs/ARCHITECTURE.md §2: operators only, 403 `impersonation_active` while impersonating). */
@ApiTags('businesses')
@Controller('businesses')
@AuditResource('business')
export class BusinessesController {
  constructor(private readonly businesses: BusinessesService) {}

  @Get()
  @OperatorOnly()
  @ApiOperation({ summary: 'Every business on the platform, by name (keyset paginated), with its first owner and bookings today in its own zone' })
  @ApiOkResponse({ description: 'Page<OperatorBusinessView>' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` | `invalid_cursor`' })
  list(@Query() query: BusinessListQuery): Promise<Page<OperatorBusinessView>> {
    return this.businesses.list(query);
  }

  @Post()
  @OperatorOnly()
  @ApiOperation({ summary: 'Create a business with its first owner account and default opening hours (Mon–Fri 09:00–17:00)' })
  @ApiCreatedResponse({ description: 'OperatorBusinessView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` (bad slug, unknown time zone, short password…)' })
  @ApiConflictResponse({ description: 'problem+json `slug_taken` | `email_taken`' })
  create(@Body() body: CreateBusinessDto): Promise<OperatorBusinessView> {
    return this.businesses.create(body);
  }

  @Get(':businessId')
  @OperatorOnly()
  @ApiOperation({ summary: 'One business, as the operator sees it' })
  @ApiOkResponse({ description: 'OperatorBusinessView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  get(@Param('businessId', new ParseUUIDPipe()) businessId: string): Promise<OperatorBusinessView> {
    return this.businesses.get(businessId);
  }

  @Patch(':businessId')
  @OperatorOnly()
  @ApiOperation({ summary: 'Rename, change the slug, suspend or reactivate a business' })
  @ApiOkResponse({ description: 'OperatorBusinessView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiConflictResponse({ description: 'problem+json `slug_taken`' })
  update(@Param('businessId', new ParseUUIDPipe()) businessId: string, @Body() body: UpdateBusinessDto): Promise<OperatorBusinessView> {
    return this.businesses.update(businessId, body);
  }
}
