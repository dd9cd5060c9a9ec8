// @ts-check
import js from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Record data must never become markup: Lit's unsafe directives are forbidden everywhere.
const UNSAFE_DIRECTIVES = {
  group: [
    'lit/directives/unsafe-html.js',
    'lit/directives/unsafe-svg.js',
    'lit-html/directives/unsafe-*',
  ],
  message: 'Record data must render as text; unsafe directives are forbidden.',
};

// The layers of src/ (see the overrides below). Each pattern matches relative and package paths.
const UI = {
  group: ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*'],
  message: 'src/model is pure domain code: no Lit, no DOM framework.',
};
const ELEMENTS_AND_CONTROLLERS = {
  group: ['**/elements', '**/elements/**', '**/controllers', '**/controllers/**'],
  message: 'Layering: this folder must not import elements or controllers (they sit above it).',
};
const ANY_ADAPTER = {
  group: ['**/adapter', '**/adapter/**'],
  message: 'Layering: src/model must not import adapters; adapters import the model.',
};
const CONCRETE_ADAPTERS = {
  group: [
    '**/adapter/in-memory/**',
    '**/adapter/rest/**',
    '**/adapter/persist/**',
    '**/adapter/seed/**',
    '**/adapter/spy/**',
    '**/adapter/conformance/**',
    '**/mocks/**',
    '**/in-memory.js',
    '**/rest.js',
    '**/persist.js',
    '**/testing.js',
    'contacts-elements/*',
  ],
  message:
    'Layering: elements and controllers reach data through the ContactsAdapter interface ' +
    '(adapter/types, errors, context), never through a concrete adapter, the generator or mocks.',
};

/** `no-restricted-imports` with the unsafe directives and, for a layer, its own patterns. */
function restrictImports(...layer) {
  return ['error', { patterns: [UNSAFE_DIRECTIVES, ...layer] }];
}

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
      'server/dist/**',
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
      'no-restricted-imports': restrictImports(),
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
  // Layering. A folder's `no-restricted-imports` replaces the global one, so each keeps the
  // unsafe-directive patterns; test/architecture/eslint-layering-rules.mjs proves they fire.
  {
    files: ['src/model/**'],
    rules: {
      'no-restricted-imports': restrictImports(UI, ELEMENTS_AND_CONTROLLERS, ANY_ADAPTER),
    },
  },
  {
    files: ['src/adapter/**'],
    rules: { 'no-restricted-imports': restrictImports(ELEMENTS_AND_CONTROLLERS) },
  },
  {
    files: ['src/elements/**', 'src/controllers/**'],
    rules: { 'no-restricted-imports': restrictImports(CONCRETE_ADAPTERS) },
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
