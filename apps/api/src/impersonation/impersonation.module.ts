import { Global, Module } from '@nestjs/common';
import { CsrfCookies } from '../auth/csrf-cookies.js';
import { ImpersonationController } from './impersonation.controller.js';
import { ImpersonationService } from './impersonation.service.js';

/** Global: the session guard and sign-out (auth) and every business module consult impersonations. */
@Global()
@Module({
  controllers: [ImpersonationController],
  providers: [ImpersonationService, CsrfCookies],
  exports: [ImpersonationService, CsrfCookies],
})
export class ImpersonationModule {}
