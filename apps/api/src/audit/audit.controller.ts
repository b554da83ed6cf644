import { Controller, Get, Param, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/page.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { AccessLogEntry, AuditEventView, PlatformViewEntry } from './responses.js';
import type { Page } from '#contracts';
import { BusinessAccess, OperatorOnly } from '../access/access.decorators.js';
import { PageQuery } from '../common/query.dto.js';
import { AuditQueryService } from './audit-query.service.js';
import { AccessLogQuery, AuditQuery } from './dto.js';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly queries: AuditQueryService) {}

  @Get('audit')
  @OperatorOnly()
  @ApiOperation({ operationId: 'searchAudit', summary: 'Search the platform audit trail (newest first; order=asc reads one impersonation as a story)' })
  @ApiOkResponse({ type: PageOf(AuditEventView) })
  @ApiProblems({ 400: ['invalid_cursor'] })
  search(@Query() query: AuditQuery): Promise<Page<AuditEventView>> {
    const { views, ...filter } = query;
    return this.queries.search({ ...filter, hideViews: views === 'exclude' });
  }

  @Get('businesses/:businessId/access-log')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'getAccessLog', summary: 'Who from the platform entered this business, when, why, for how long, and what they changed' })
  @ApiOkResponse({ type: PageOf(AccessLogEntry) })
  @ApiProblems({ 400: ['invalid_cursor', 'bad_request'] })
  accessLog(@Param('businessId', new UuidParam('Business')) businessId: string, @Query() query: AccessLogQuery): Promise<Page<AccessLogEntry>> {
    return this.queries.accessLog(businessId, query.limit, query.cursor, query.activity);
  }

  @Get('businesses/:businessId/access-log/platform-views')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'getPlatformViews',
    summary: "When operators saw this business's records from the platform side (All bookings, operator dashboard, audit search), not impersonating",
  })
  @ApiOkResponse({ type: PageOf(PlatformViewEntry) })
  @ApiProblems({ 400: ['invalid_cursor', 'bad_request'] })
  platformViews(@Param('businessId', new UuidParam('Business')) businessId: string, @Query() query: PageQuery): Promise<Page<PlatformViewEntry>> {
    return this.queries.platformViews(businessId, query.limit, query.cursor);
  }
}
