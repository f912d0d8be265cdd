import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'data/', '.react-router/', 'node_modules/', 'db/migrations/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['#db/client.server*'],
              message: 'Routes call domain functions; only app/domain, jobs, bin and tests import the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // Everything but route modules may reach the database.
    files: ['app/domain/**', 'app/integrations/**', 'jobs/**', 'bin/**', 'server/**', 'tests/**', 'bench/**', 'db/**', 'app/utils/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
