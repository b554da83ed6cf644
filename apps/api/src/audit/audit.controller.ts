import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessLogEntry, AuditEventView, Page } from '#contracts';
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
}
