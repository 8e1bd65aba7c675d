// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules; formatting is
// Prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sandbox/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
      },
    },
    rules: {
      // `_name` marks a value left out on purpose (a destructured key dropped, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Heavy modules are loaded on first use (`lazy(() => require(...))`) to keep cold starts small.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The console page's script runs in a browser.
    files: ['sandbox/console/client/**'],
    languageOptions: {
      globals: { document: 'readonly', location: 'readonly', addEventListener: 'readonly', Response: 'readonly', Node: 'readonly', scrollTo: 'readonly' },
    },
  },
  {
    // Tests and benchmarks read JSON answers loosely, as a client would.
    files: ['test/**', 'bench/**', 'sandbox/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
