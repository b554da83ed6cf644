import { Global, Module } from '@nestjs/common';
import { AnonymousEvents } from './anonymous-events.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditRepository } from './audit.repository.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditService } from './audit.service.js';
import { PlatformReadAudit } from './platform-reads.js';

/** Global: every module that writes records its audit rows through AuditService. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditQueryService, AuditInterceptor, PlatformReadAudit, AnonymousEvents],
  exports: [AuditService, AuditInterceptor, PlatformReadAudit, AnonymousEvents],
})
export class AuditModule {}
