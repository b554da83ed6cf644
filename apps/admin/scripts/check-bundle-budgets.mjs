// Fails the admin build when its compressed size goes over budget:
//   initial load (index.html's scripts, module preloads and stylesheets) ≤ 150 kB,
//   each lazy chunk ≤ 60 kB, except the calendar's (FullCalendar) ≤ 120 kB.
// Measured gzip -9 (what every browser accepts; brotli, which the server prefers, is smaller),
// because Angular's own budgets in angular.json count raw bytes only. Run by `npm run build:admin`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/admin/browser';
const KB = 1000;
const LIMITS = { initial: 150 * KB, lazy: 60 * KB, calendar: 120 * KB };

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
/** The calendar page's chunk is the one that carries FullCalendar's theme classes. */
const isCalendar = (file) => /fc-classic|FullCalendar/.test(readFileSync(join(dir, file), 'utf8'));

const failures = [];
let initialTotal = 0;
const rows = [];
for (const file of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f))) {
  const size = gz(file);
  if (initial.has(file)) {
    initialTotal += size;
    rows.push([file, 'initial', size]);
    continue;
  }
  if (!file.endsWith('.js')) continue;
  const kind = isCalendar(file) ? 'calendar' : 'lazy';
  rows.push([file, kind, size]);
  if (size > LIMITS[kind]) failures.push(`${file} (${kind} chunk) is ${(size / KB).toFixed(1)} kB compressed, over ${LIMITS[kind] / KB} kB`);
}
if (initialTotal > LIMITS.initial) failures.push(`initial load is ${(initialTotal / KB).toFixed(1)} kB compressed, over ${LIMITS.initial / KB} kB`);

const biggest = rows
  .filter((r) => r[1] !== 'initial')
  .sort((a, b) => b[2] - a[2])
  .slice(0, 3);
console.log(
  `Compressed sizes (gzip -9): initial ${(initialTotal / KB).toFixed(1)} kB of ${LIMITS.initial / KB}; largest lazy chunks ` +
    biggest.map(([f, k, s]) => `${f} ${(s / KB).toFixed(1)} kB (${k}, limit ${LIMITS[k] / KB})`).join(', '),
);
if (failures.length) {
  console.error(`Bundle budget exceeded:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
