// ESLint flat config: typescript-eslint's type-checked rules over every TypeScript file; Prettier owns layout.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'data',
      'test-results',
      'reports',
      '.stryker-tmp',
      'static/vendor',
      'static/**/*.js',
      '*.config.js',
      '*.config.mjs',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // No source file longer than 400 lines (issue 15): a file that grows past it is split by part, as
    // applications/ and identity/ are (docs/decisions/0245). Tests and catalogues of data are not source.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'views/**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // SQL only in repositories (docs/architecture.md): services, routes, views and lib build no queries.
    // The query builder's entry points and kysely's `sql` tag are refused outside a module's repository
    // (repository.ts, and its parts <part>-repository.ts when it is split), src/db (connection, migrations
    // runner, health) and migrations.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'views/**/*.tsx'],
    ignores: ['src/modules/*/repository.ts', 'src/modules/*/*-repository.ts', 'src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', importNames: ['sql'], message: "Raw SQL lives in the module's repository.ts." }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee > Identifier.property[name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
          message: "Queries live in the module's repository.ts: call a repository function instead.",
        },
      ],
    },
  },
  {
    // Migrations are frozen in time and must not depend on the app's current schema type, so they take
    // Kysely<any> as Kysely's migration guide prescribes (docs/decisions/0102-lint-and-boundaries.md).
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
