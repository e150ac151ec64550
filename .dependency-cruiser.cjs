/**
 * The dependency rule of docs/ARCHITECTURE.md, checked in CI (`npm run deps`, run by .ci/run beside tsc and lint).
 * Layers, inner to outer: core ← bank | statutes | store ← quiz | stats | directory | study | delivery ← schedule;
 * channels → core only; only the composition roots (app.ts, deps.ts, world.ts, main.ts, server.ts), api/ and
 * cli/ import across everything (and the web app's mount.ts, which mounts its routes like api/).
 */
const ROOTS = '^src/(app|deps|world|main|server)\\.ts$';
/** Left to the Store split (issue 15): these still name store/ types (the model moves to core there). */
const CORE_STORE_EXCEPTIONS = '^src/core/(dispatcher|bot|membership)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'core-is-the-centre',
      comment: 'core/ imports nothing of the app outside core/ (ports live in core/ports/).',
      severity: 'error',
      from: { path: '^src/core/', pathNot: CORE_STORE_EXCEPTIONS },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'core-store-exceptions-only-to-store',
      comment: 'The two files waiting for the Store split may reach store/ and nothing else.',
      severity: 'error',
      from: { path: CORE_STORE_EXCEPTIONS },
      to: { path: '^src/', pathNot: '^src/(core|store)/' },
    },
    {
      name: 'channels-depend-on-core-only',
      comment: 'A platform knows the core (messages, ports, errors, clock) and nothing of the features or the roots.',
      severity: 'error',
      from: { path: '^src/channels/' },
      to: { path: '^src/', pathNot: '^src/(core|channels)/' },
    },
    {
      name: 'features-do-not-reach-out',
      comment: 'Feature modules never import the scheduler, the channels, the HTTP routes, the command line or the roots.',
      severity: 'error',
      from: { path: '^src/(quiz|stats|directory|study|delivery|bank|statutes|store)/' },
      to: { path: ['^src/(schedule|channels|api|cli)/', ROOTS] },
    },
    {
      name: 'roots-are-imported-by-no-one',
      comment: 'deps.ts, world.ts, app.ts, main.ts and server.ts are the composition roots: only other roots, api/, cli/ and the web app’s mount import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [ROOTS, '^src/(api|cli)/', '^src/web/mount\\.ts$'] },
      to: { path: ROOTS },
    },
    {
      name: 'config-reads-the-registry-only',
      comment: 'config/ parses the environment: it may read the platform registry and the features’ rule types, never the roots.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: [ROOTS, '^src/(api|cli)/'] },
    },
    {
      name: 'koa-at-the-edge',
      comment: 'Koa is imported only by app.ts, the channel seam (channels/koa-adapter.ts), api/ and the web app’s mount.ts and http/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/app\\.ts$', '^src/channels/koa-adapter\\.ts$', '^src/api/', '^src/web/mount\\.ts$', '^src/web/http/'] },
      to: { path: '^node_modules/(koa|@koa/router)/' },
    },
    {
      name: 'lowdb-in-store',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^node_modules/lowdb/' },
    },
    {
      name: 'cron-in-schedule',
      comment: 'node-cron runs jobs in schedule/; config/ only validates expressions with it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(schedule|config)/' },
      to: { path: '^node_modules/node-cron/' },
    },
    {
      name: 'not-to-test-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    moduleSystems: ['es6'],
  },
};
