const capabilities =
  'access|customers|segments|forecasts|surveys|feedback|privacy|insights|loyalty|journeys|cases|demo|server'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module may not import itself through others: cut the cycle or move the shared part.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'plumbing-knows-no-capability',
      severity: 'error',
      comment: 'db/, http/ and jobs/ are plumbing; src/server/ is the one place that wires the capabilities.',
      from: { path: '^src/(db|http|jobs)/' },
      to: { path: `^src/(${capabilities})/` },
    },
    {
      name: 'access-knows-no-capability',
      severity: 'error',
      comment:
        'Every capability imports access/ (the access rule), so access/ imports none of them; what it needs ' +
        'of one (e.g. loading the demo at setup) the composition root passes in. Its tests may use the app.',
      from: { path: '^src/access/', pathNot: '\\.test\\.ts$' },
      to: { path: `^src/(${capabilities})/`, pathNot: '^src/access/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
