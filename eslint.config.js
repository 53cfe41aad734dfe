// ESLint flat config: typescript-eslint's type-checked rules over every TypeScript file; Prettier owns layout.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules',
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
    // Migrations are frozen in time and must not depend on the app's current schema type, so they take
    // Kysely<any> as Kysely's migration guide prescribes (docs/decisions/0102-lint-and-boundaries.md).
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
