// Proves that the project's ESLint config refuses the ways record data could become markup:
// fixtures that pass a contact's fields to unsafe directives or HTML-string sinks must be
// reported with the expected rule, and the safe way of writing the same template must not be.
// Runs ESLint's Node API with the real eslint.config.js on in-memory sources named as if they
// lived in src/elements/, so the rules that apply to the library apply to them.
//
//   node test/security/eslint-xss-rules.mjs
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'src/elements/__xss_lint_fixture__.ts';

const HEADER = `import { html } from 'lit';
import type { Contact } from '../model/types.js';
declare const contact: Contact;
declare const host: HTMLElement;
`;

/** Each case must be reported by `rule` (and the line that holds `marker`). */
const MUST_FAIL = [
  {
    name: 'unsafeHTML on a contact name',
    rule: 'no-restricted-imports',
    code: `import { unsafeHTML } from 'lit/directives/unsafe-html.js';
export const row = html\`<p>\${unsafeHTML(contact.name)}</p>\`;`,
  },
  {
    name: 'unsafeSVG on a company name',
    rule: 'no-restricted-imports',
    code: `import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
export const row = html\`<svg>\${unsafeSVG(contact.name)}</svg>\`;`,
  },
  {
    name: 'lit-html unsafe directive by its other path',
    rule: 'no-restricted-imports',
    code: `import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';
export const row = html\`<p>\${unsafeHTML(contact.email ?? '')}</p>\`;`,
  },
  {
    name: 'innerHTML assigned a contact name',
    rule: 'no-restricted-properties',
    code: `host.innerHTML = contact.name;`,
  },
  {
    name: 'innerHTML in a template literal',
    rule: 'no-restricted-properties',
    code: `host.shadowRoot!.innerHTML = \`<b>\${contact.name}</b>\`;`,
  },
  {
    name: 'outerHTML assigned a preview',
    rule: 'no-restricted-properties',
    code: `host.outerHTML = '<p>' + contact.name + '</p>';`,
  },
  {
    name: 'insertAdjacentHTML with an email',
    rule: 'no-restricted-properties',
    code: `host.insertAdjacentHTML('beforeend', contact.email ?? '');`,
  },
];

/** The safe equivalents: text bindings and text properties. */
const MUST_PASS = {
  name: 'text bindings and textContent',
  code: `export const row = html\`<p title=\${contact.name}>\${contact.name}</p>\`;
host.textContent = contact.name;`,
};

const eslint = new ESLint({
  cwd: root,
  // The fixture exists only in memory; type-aware rules still need a program for it.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: [FIXTURE] } } },
  },
});

async function lint(code) {
  const [result] = await eslint.lintText(`${HEADER}${code}\n`, { filePath: `${root}/${FIXTURE}` });
  const fatal = result.messages.filter(m => m.fatal);
  if (fatal.length) throw new Error(`Fixture did not parse: ${fatal[0].message}`);
  return result.messages;
}

let failures = 0;
for (const fixture of MUST_FAIL) {
  const messages = await lint(fixture.code);
  const hit = messages.some(m => m.ruleId === fixture.rule && m.severity === 2);
  console.log(`${hit ? 'ok  ' : 'FAIL'} refused: ${fixture.name} (${fixture.rule})`);
  if (!hit) {
    failures++;
    console.log(`       reported instead: ${JSON.stringify(messages.map(m => m.ruleId))}`);
  }
}
{
  const messages = await lint(MUST_PASS.code);
  const xss = messages.filter(m =>
    ['no-restricted-imports', 'no-restricted-properties'].includes(m.ruleId ?? ''),
  );
  console.log(`${xss.length ? 'FAIL' : 'ok  '} allowed: ${MUST_PASS.name}`);
  if (xss.length) failures++;
}

console.log(
  `\n${MUST_FAIL.length + 1 - failures}/${MUST_FAIL.length + 1} lint fixtures behaved as expected`,
);
process.exit(failures ? 1 : 0);
