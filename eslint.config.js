import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Only authentication switches whom a transaction acts for (src/auth/act-as.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/auth/**', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='actAs']",
          message: 'Only src/auth/ switches whom a transaction acts for: use actAsMember (src/auth/act-as.ts).',
        },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bench/**', 'seeds/**', 'src/main.ts', 'src/serve.ts', 'src/**/*.cli.ts', 'src/app/print-schema.ts', 'test/helpers/global-*.ts'],
    rules: { 'no-console': 'off' },
  },
);
