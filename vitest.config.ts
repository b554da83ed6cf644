import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('./libs/contracts/src/index.ts', import.meta.url));

/**
 * API and contracts tests (the admin's run under `ng test`). Integration specs boot the whole Nest
 * app against a fresh database each file: embedded PGlite, or the server named by DATABASE_URL.
 */
export default defineConfig({
  // Nest's DI and TypeORM read the constructor and property types that tsc's emitDecoratorMetadata writes.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  resolve: { alias: { '#contracts': contracts } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'contracts', include: ['libs/contracts/src/**/*.spec.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['apps/api/src/**/*.spec.ts', 'apps/api/test/**/*.spec.ts'],
          environment: 'node',
          setupFiles: ['apps/api/test/setup.ts'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
