import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessLogEntry, AuditEventView, Page, PlatformViewEntry } from '#contracts';
import { BusinessAccess, OperatorOnly } from '../common/access.decorators.js';
import { PageQuery } from '../common/query.dto.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditQuery } from './dto.js';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly queries: AuditQueryService) {}

  @Get('audit')
  @OperatorOnly()
  @ApiOperation({ summary: 'Search the platform audit trail (newest first; order=asc reads one impersonation as a story)' })
  search(@Query() query: AuditQuery): Promise<Page<AuditEventView>> {
    return this.queries.search(query);
  }

  @Get('businesses/:businessId/access-log')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Who from the platform entered this business, when, why, for how long, and what they changed' })
  accessLog(@Param('businessId', new ParseUUIDPipe()) businessId: string, @Query() query: PageQuery): Promise<Page<AccessLogEntry>> {
    return this.queries.accessLog(businessId, query.limit, query.cursor);
  }

  @Get('businesses/:businessId/access-log/platform-views')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: "When operators saw this business's records from the platform side (All bookings, operator dashboard, audit search), not impersonating" })
  platformViews(@Param('businessId', new ParseUUIDPipe()) businessId: string, @Query() query: PageQuery): Promise<Page<PlatformViewEntry>> {
    return this.queries.platformViews(businessId, query.limit, query.cursor);
  }
}
