/**
 * Architecture rules, checked by `npm run lint` (depcruise). docs/architecture.md explains them;
 * docs/decisions/0102-lint-and-boundaries.md says why dependency-cruiser.
 *
 *   routes → service → repository → db        (each arrow: "may import"; never backwards)
 *   a module's repository is its own           (other modules ask the owner's service)
 *   views get plain view data                  (no db, services, middleware, repositories)
 *   src/lib is domain-free                     (no src/modules, no composition root)
 *
 * "routes" are src/routes.ts and src/modules/<m>/routes.tsx or <part>-routes.tsx; "repository" is
 * src/modules/<m>/repository.ts or, when it is split, its parts <part>-repository.ts; everything else
 * in a module folder is the service side.
 */
const ROUTES = ['^src/routes\\.ts$', '^src/modules/[^/]+/[a-z-]*routes\\.tsx$']
const REPOSITORY = '^src/modules/[^/]+/[a-z-]*repository\\.ts$'
/**
 * Date and time formatting still lives in src/db/time.ts until it moves to src/lib/time.ts (issue 15,
 * helper timeval, decision 0103). It is pure formatting, no database access; remove this exception
 * with the move.
 */
const TIME_FORMATTING = '^src/db/time\\.ts$'
/** The Hono context type (AppEnv) that views read the request through (useRequestContext); a type only. */
const CONTEXT_TYPE = '^src/middleware/env\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-module-repository',
      comment: "A module's tables are its own: ask the owning module's service, which takes the caller's transaction.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: REPOSITORY, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'repository-only-from-its-module',
      comment: 'Only the owning module reaches its repository (not src/services.ts, middleware, views or src/lib).',
      severity: 'error',
      from: { path: '^(src|views)/', pathNot: '^src/modules/' },
      to: { path: REPOSITORY },
    },
    {
      name: 'routes-not-to-repository-or-db',
      comment: 'Routes parse, call one service and render: no SQL, no tables.',
      severity: 'error',
      from: { path: ROUTES },
      to: { path: [REPOSITORY, '^src/db/'], pathNot: TIME_FORMATTING },
    },
    {
      name: 'service-not-to-routes',
      comment: 'Services know nothing of HTTP: no routes, no middleware, no views.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: [...ROUTES, '^src/modules/[^/]+/middleware\\.ts$'] },
      to: { path: [...ROUTES, '^src/middleware/', '^views/'] },
    },
    {
      name: 'repository-not-up',
      comment: 'A repository is SQL over its tables: it imports db and table types, never a service.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/[a-z-]*repository\\.ts$' },
      to: {
        path: [
          '^src/(services|routes|server|app)\\.tsx?$',
          '^src/middleware/',
          '^views/',
          '^src/modules/$1/(service|[a-z-]*routes)\\.tsx?$',
        ],
      },
    },
    {
      name: 'views-plain-data',
      comment: 'Views receive plain view data: nothing from src/db, services, middleware or the composition root.',
      severity: 'error',
      from: { path: '^views/' },
      to: {
        path: ['^src/db/', '^src/middleware/', '^src/services\\.ts$', '^src/modules/[^/]+/(service|[a-z-]*repository)\\.ts$'],
        pathNot: [TIME_FORMATTING, CONTEXT_TYPE],
      },
    },
    {
      name: 'lib-free-of-domain',
      comment: 'src/lib holds shared, domain-free helpers (time, crypto, errors, forms).',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: ['^src/modules/', '^src/services\\.ts$', '^src/routes\\.ts$', '^views/'] },
    },
    {
      name: 'migrations-frozen',
      comment: 'Migrations never import src/: they must run the same after the app changes.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(src|views)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|test-results|reports|\\.stryker-tmp)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
