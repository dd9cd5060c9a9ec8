// @ts-check
import js from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'storybook-static/**',
      'public/mockServiceWorker.js',
      'node_modules/**',
      'bench/results/**',
      'bench/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  wc.configs['flat/recommended'],
  litA11y.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Record data must never become markup: no unsafe directives, no HTML-string sinks.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'lit/directives/unsafe-html.js',
                'lit/directives/unsafe-svg.js',
                'lit-html/directives/unsafe-*',
              ],
              message: 'Record data must render as text; unsafe directives are forbidden.',
            },
          ],
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Use Lit templates; innerHTML is an XSS sink.' },
        { property: 'outerHTML', message: 'Use Lit templates; outerHTML is an XSS sink.' },
        {
          property: 'insertAdjacentHTML',
          message: 'Use Lit templates; insertAdjacentHTML is an XSS sink.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'scripts/**', 'bench/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      // mocha's describe/it return thenables that must not be awaited.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
