import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ClsModule } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { AuditInterceptor } from './audit/audit.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CsrfGuard } from './auth/csrf.guard.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { SessionGuard } from './auth/session.guard.js';
import { CommonModule } from './common/common.module.js';
import { seedDemoIfEmpty } from './cli/seed/demo-seed.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { ProblemFilter } from './boot/problem.filter.js';
import { RequestContextGuard } from './access/request-context.guard.js';
import { validationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule, type DatabaseOptions } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { AccessGuard } from './access/access.guard.js';
import { ImpersonationContext } from './access/impersonation-context.js';
import { RequestContext } from './access/request-context.js';
import { ImpersonationModule } from './impersonation/impersonation.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { FEATURE_MODULES } from './feature-modules.js';

/** What the last boot did to the database (boot/serve.ts prints it). */
export const databaseBoot = { seeded: false };

/**
 * DEMO_SEED at boot: the demo platform (docs/ARCHITECTURE.md §1) into an empty database, right after
 * the migrations (DatabaseModule's `afterMigrations`, under the boot lock on a server). Here, at the
 * top, so database/ imports nothing above it.
 */
async function seedDemoAtBoot(db: DataSource, config: AppConfig): Promise<void> {
  if (config.demoSeed) databaseBoot.seeded = await seedDemoIfEmpty(db);
}

/**
 * The request pipeline, top to bottom (docs/ARCHITECTURE.md §8). Guards run in the order listed.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, db: DatabaseOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Request context (AsyncLocalStorage) opened by middleware before any guard; request id = Fastify's.
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (req: FastifyRequest['raw'] & { id?: string }) => String(req.id ?? crypto.randomUUID()) },
        }),
        // The two request-scoped contexts (docs/ARCHITECTURE.md §8) as factory proxy providers: a
        // class proxy provider is built through Nest's injector (ModuleRef.create) on every request,
        // and neither has anything to inject.
        ClsModule.forFeatureAsync({ provide: RequestContext, useFactory: () => new RequestContext(), global: true }),
        ClsModule.forFeatureAsync({ provide: ImpersonationContext, useFactory: () => new ImpersonationContext(), global: true }),
        DiscoveryModule,
        CommonModule,
        DatabaseModule.forRoot({ ...db, afterMigrations: seedDemoAtBoot }),
        IdempotencyModule,
        AuditModule,
        MessagesModule,
        ImpersonationModule,
        AuthModule,
        HealthModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        // 0. request facts (id, method, path, client, audit action name) onto the RequestContext
        { provide: APP_GUARD, useClass: RequestContextGuard },
        // 1. passport-jwt verifies the cookie or Bearer token (fails closed on routes with no access declaration)
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        // 2. the session row (alive, user enabled) and its live impersonation become the Principal
        { provide: APP_GUARD, useClass: SessionGuard },
        // 3. signed double-submit CSRF on unsafe cookie-authenticated requests
        { provide: APP_GUARD, useClass: CsrfGuard },
        // 4. the route's declared access against the Principal (docs/ARCHITECTURE.md §2)
        { provide: APP_GUARD, useClass: AccessGuard },
        // validation of every body and query against its DTO; unknown fields are refused
        { provide: APP_PIPE, useValue: validationPipe() },
        // 5. POSTs with an Idempotency-Key: claimed in the database; a retry replays the first answer (the inner steps never run twice)
        { provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor },
        // 6. audit of reads during impersonation (writes audit inside their own transaction)
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
        // every error as problem+json; 403s and 5xx also audited
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
