// Proves that the project's ESLint config enforces the layering of src/: the model imports no UI
// and no adapter, adapters import no element or controller, and elements and controllers import no
// concrete adapter. Each fixture is an in-memory source named as if it lived in one of those
// folders, linted with the real eslint.config.js: a crossing import must be reported by
// no-restricted-imports, and the allowed imports of each layer must not be. Each layer's override
// must also still refuse Lit's unsafe directives (a folder's override replaces the global rule).
//
//   node test/architecture/eslint-layering-rules.mjs
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'no-restricted-imports';

/** Where each fixture pretends to live. */
const AT = {
  model: 'src/model/__layering_fixture__.ts',
  adapter: 'src/adapter/__layering_fixture__.ts',
  element: 'src/elements/contacts-panel/__layering_fixture__.ts',
  controller: 'src/controllers/__layering_fixture__.ts',
};

/** Each must be reported by no-restricted-imports. */
const MUST_FAIL = [
  ['model', 'imports Lit', `import { html } from 'lit';\nexport const t = html\`\`;`],
  ['model', 'imports a Lit package', `export type { Context } from '@lit/context';`],
  [
    'model',
    'imports an element',
    `export type { ContactsPanel } from '../elements/contacts-panel/contacts-panel.js';`,
  ],
  [
    'model',
    'imports a controller',
    `export { LocalizeController } from '../controllers/localize-controller.js';`,
  ],
  ['model', 'imports the adapter interface', `export type * from '../adapter/types.js';`],
  [
    'model',
    'imports a concrete adapter',
    `export { InMemoryContactsAdapter } from '../adapter/in-memory/in-memory-adapter.js';`,
  ],
  [
    'adapter',
    'imports an element',
    `export { ContactForm } from '../elements/contact-form/contact-form.js';`,
  ],
  [
    'adapter',
    'imports a controller',
    `export { AdapterController } from '../controllers/adapter-controller.js';`,
  ],
  [
    'element',
    'imports the in-memory adapter',
    `export { InMemoryContactsAdapter } from '../../adapter/in-memory/in-memory-adapter.js';`,
  ],
  [
    'element',
    'imports the REST adapter',
    `export { RestContactsAdapter } from '../../adapter/rest/index.js';`,
  ],
  [
    'element',
    'imports the IndexedDB adapter',
    `export { createPersistentAdapter } from '../../adapter/persist/indexeddb.js';`,
  ],
  [
    'element',
    'imports the data generator',
    `export { generateDataset } from '../../adapter/seed/generate.js';`,
  ],
  [
    'element',
    'imports the mock API',
    `export { createContactsHandlers } from '../../mocks/handlers.js';`,
  ],
  [
    'element',
    'imports an adapter through its entry module',
    `export type { InMemoryContactsAdapter } from '../../in-memory.js';`,
  ],
  [
    'element',
    'imports an adapter by the package name',
    `export { RestContactsAdapter } from 'contacts-elements/rest.js';`,
  ],
  [
    'controller',
    'imports the REST adapter',
    `export type { RestContactsAdapter } from '../adapter/rest/rest-adapter.js';`,
  ],
  [
    'controller',
    'imports the test helpers',
    `export { spyAdapter } from '../adapter/spy/spy-adapter.js';`,
  ],
  ...Object.keys(AT).map(layer => [
    layer,
    'still refuses unsafeHTML',
    `export { unsafeHTML } from 'lit/directives/unsafe-html.js';`,
  ]),
];

/** What each layer may import: none of these may be reported by no-restricted-imports. */
const MUST_PASS = [
  [
    'model',
    'model siblings and its phone library',
    `export { normalizeEmail } from './email.js';\nexport type { Contact } from './types.js';
export type { CountryCode } from 'libphonenumber-js/min';`,
  ],
  [
    'adapter',
    'the model, its own modules and @lit/context',
    `export type { Contact } from '../model/types.js';\nexport { ContactsError } from './errors.js';
export { InMemoryContactsAdapter } from './in-memory/in-memory-adapter.js';
export { createContext } from '@lit/context';`,
  ],
  [
    'element',
    'Lit, the model, and the adapter types, errors and context',
    `export { html } from 'lit';\nexport type { Contact } from '../../model/types.js';
export type { ContactsAdapter } from '../../adapter/types.js';
export { ContactsError } from '../../adapter/errors.js';
export { contactsAdapterContext } from '../../adapter/context.js';
export { AdapterController } from '../../controllers/adapter-controller.js';`,
  ],
  [
    'controller',
    'Lit and the adapter types, errors and context',
    `export type { ReactiveController } from 'lit';
export type { ContactsAdapter } from '../adapter/types.js';
export { isAbortError } from '../adapter/errors.js';
export { contactsAdapterContext } from '../adapter/context.js';`,
  ],
];

const eslint = new ESLint({
  cwd: root,
  // The fixtures exist only in memory; type-aware rules still need a program for them.
  overrideConfig: {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: Object.values(AT) } },
    },
  },
});

async function restrictedImports(layer, code) {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}/${AT[layer]}` });
  const fatal = result.messages.filter(m => m.fatal);
  if (fatal.length) throw new Error(`Fixture did not parse: ${fatal[0].message}`);
  return result.messages.filter(m => m.ruleId === RULE && m.severity === 2);
}

let failures = 0;
for (const [layer, name, code] of MUST_FAIL) {
  const hit = (await restrictedImports(layer, code)).length > 0;
  console.log(`${hit ? 'ok  ' : 'FAIL'} refused: ${layer} ${name}`);
  if (!hit) failures++;
}
for (const [layer, name, code] of MUST_PASS) {
  const hits = await restrictedImports(layer, code);
  console.log(`${hits.length ? 'FAIL' : 'ok  '} allowed: ${layer} imports ${name}`);
  for (const hit of hits) console.log(`       line ${hit.line}: ${hit.message}`);
  if (hits.length) failures++;
}

const total = MUST_FAIL.length + MUST_PASS.length;
console.log(`\n${total - failures}/${total} layering fixtures behaved as expected`);
process.exit(failures ? 1 : 0);
