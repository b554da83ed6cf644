import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The house rules fail when they should (docs/ARCHITECTURE.md §9): the repository's own
 * .dependency-cruiser.cjs and eslint.config.js, run on small fixtures in a temporary directory,
 * report an upward import, an import cycle, the admin importing the API and a floating promise. A rule that quietly matches
 * nothing (a renamed folder, a path pattern that no longer fits) would pass `npm run check:house`
 * forever; this catches that.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'house-rules-'));
  // common/ (rank 1) importing bookings/ (a higher rank), and bookings/ importing common/ back: a cycle.
  write('apps/api/src/common/money.ts', `import { BOOKING_STATES } from '../bookings/booking-states';\nexport const states = BOOKING_STATES;\n`);
  write(
    'apps/api/src/bookings/booking-states.ts',
    `import { states } from '../common/money';\nexport const BOOKING_STATES = ['confirmed'];\nexport const again = states;\n`,
  );
  // A lower folder imported from a higher one: allowed.
  write('apps/api/src/calendar/day.ts', `import { BOOKING_STATES } from '../bookings/booking-states';\nexport const day = BOOKING_STATES;\n`);
  // The admin reaching into the API: the two apps share only libs/contracts.
  write('apps/admin/src/app/states.ts', `import { BOOKING_STATES } from '../../../api/src/bookings/booking-states';\nexport const shown = BOOKING_STATES;\n`);
  write(
    'floating.ts',
    [
      'async function send(): Promise<void> {}',
      'export function handler(): void {',
      '  send();',
      '}',
      'export function marked(): void {',
      '  // Fire and forget, on purpose.',
      '  void send();',
      '}',
      '',
    ].join('\n'),
  );
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', noEmit: true },
      files: ['floating.ts'],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('house rules', () => {
  it('dependency-cruiser reports an upward import, an import cycle and the admin importing the API, and lets a downward import pass', async () => {
    const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
    // The fixture is plain TypeScript without the app's tsconfig; everything else is the real rule set.
    delete options.tsConfig;
    const { output } = await cruise(['apps/api/src', 'apps/admin/src'], { ...options, baseDir: dir }, { extensions: ['.ts'] });
    const result = output as ICruiseResult;
    // Paths relative to the fixture's root, as the rules' `^apps/…` patterns expect.
    expect(result.modules.map((m) => m.source).sort()).toEqual([
      'apps/admin/src/app/states.ts',
      'apps/api/src/bookings/booking-states.ts',
      'apps/api/src/calendar/day.ts',
      'apps/api/src/common/money.ts',
    ]);
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toContain('layer-common: apps/api/src/common/money.ts → apps/api/src/bookings/booking-states.ts');
    expect(violations.filter((v) => v.startsWith('no-circular:')).length).toBeGreaterThanOrEqual(1);
    expect(violations).toContain('admin-not-from-api: apps/admin/src/app/states.ts → apps/api/src/bookings/booking-states.ts');
    expect(violations.filter((v) => v.includes('apps/api/src/calendar/'))).toEqual([]);
    expect(result.summary.error).toBeGreaterThanOrEqual(3);
  });

  it('ESLint reports a floating promise and accepts one marked void', async () => {
    const { default: config } = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as { default: Linter.Config[] };
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      // The repository's configuration, with the fixture's own small program instead of the app's.
      overrideConfig: [...config, { files: ['**/*.ts'], languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: dir } } }],
    });
    const [report] = await eslint.lintFiles(['floating.ts']);
    const found = report!.messages.map((m) => `${m.line}: ${m.ruleId}`);
    expect(found).toEqual(['3: @typescript-eslint/no-floating-promises']);
    expect(report!.errorCount).toBe(1);
  });
});
