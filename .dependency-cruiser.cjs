// The house rules, checked by `npm run lint:deps` (and `npm run check:house`). docs/ARCHITECTURE.md §9
// explains them. Each folder of apps/api/src has a rank; a file may import its own folder, any folder
// of a lower rank, libs/contracts and packages, never a folder of its own or a higher rank. That
// makes cycles between folders impossible, and `no-circular` catches cycles inside a folder.
// One exception: `*.entity.ts` files (a table's description, importing only TypeORM and other
// entities) may be imported from anywhere, because only the owning module writes its table
// but others may read it in a join.
const RANKS = [
  ['config'],
  ['common'],
  ['database'],
  ['access'],
  ['audit'],
  ['idempotency'],
  ['messages'],
  ['impersonation'],
  ['auth'],
  ['businesses'],
  ['catalog'],
  ['schedule'],
  ['settings'],
  ['bookings'],
  ['customers'],
  ['calendar'],
  ['operator', 'public', 'health'],
  ['openapi'],
  ['boot', 'cli'],
];
const SRC = '^apps/api/src/';
const folderRules = RANKS.flatMap((group, rank) =>
  group.map((folder) => {
    const notBelow = RANKS.slice(rank)
      .flat()
      .filter((f) => f !== folder);
    return {
      name: `layer-${folder}`,
      comment: `${folder}/ may import only lower folders: ${RANKS.slice(0, rank).flat().join(', ') || '(none)'}`,
      severity: 'error',
      from: { path: `${SRC}${folder}/` },
      to: {
        // The files at the root of src/ (the app module, the factory, main) rank with boot/ and cli/.
        path: rank === RANKS.length - 1 ? `${SRC}(${notBelow.join('|')})/` : [`${SRC}(${notBelow.join('|')})/`, `${SRC}[^/]+\\.ts$`],
        pathNot: ['\\.entity\\.ts$'],
      },
    };
  }),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles, of any length', from: {}, to: { circular: true } },
    ...folderRules,
    {
      name: 'api-not-from-admin',
      severity: 'error',
      comment: 'The API and the admin share only libs/contracts',
      from: { path: '^apps/api/' },
      to: { path: '^apps/admin/' },
    },
    {
      name: 'admin-not-from-api',
      severity: 'error',
      from: { path: '^apps/admin/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'contracts-stand-alone',
      severity: 'error',
      comment: 'libs/contracts is imported by both apps and imports neither',
      from: { path: '^libs/contracts/' },
      to: { path: '^apps/' },
    },
    {
      name: 'src-not-from-tests',
      severity: 'error',
      comment: 'Production code never imports test code',
      from: { path: '^apps/api/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['^apps/api/test/', '\\.spec\\.ts$'] },
    },
  ],
  options: {
    tsConfig: { fileName: 'apps/api/tsconfig.spec.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/', '^apps/admin/\\.angular/'] },
    // Resolve package.json "exports" and "imports" (#contracts) the way TypeScript does, types first,
    // so imports of Angular's packages and of libs/contracts are real edges, not unresolved names.
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs'],
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
    },
  },
};
