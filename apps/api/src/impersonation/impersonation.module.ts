import { Global, Module } from '@nestjs/common';
import { CsrfCookies } from '../access/csrf-cookies.js';
import { ImpersonationController } from './impersonation.controller.js';
import { ImpersonationService } from './impersonation.service.js';
import { SupportAccessController } from './support-access.controller.js';
import { SupportAccessService } from './support-access.service.js';
import { ImpersonationsRepository } from './impersonations.repository.js';
import { SupportAccessRepository } from './support-access.repository.js';

/** Global: the session guard and sign-out (auth) and every business module consult impersonations. */
@Global()
@Module({
  controllers: [ImpersonationController, SupportAccessController],
  providers: [ImpersonationService, SupportAccessService, CsrfCookies, ImpersonationsRepository, SupportAccessRepository],
  exports: [ImpersonationService, SupportAccessService, CsrfCookies, ImpersonationsRepository, SupportAccessRepository],
})
export class ImpersonationModule {}
