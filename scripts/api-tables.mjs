// Writes the README's per-element API reference from custom-elements.json, between the markers
// `<!-- api-tables:start -->` and `<!-- api-tables:end -->`, so the tables cannot drift from the
// manifest the package ships. The public elements are the tags with a `./<tag>/define.js` export
// in package.json, in that order. The result goes through Prettier, so `prettier --check` and this
// script agree on the bytes, and running it twice changes nothing.
//
//   node scripts/api-tables.mjs           rewrite README.md
//   node scripts/api-tables.mjs --check   exit 1 when README.md is not what the manifest gives
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
const README = `${root}README.md`;
const START = '<!-- api-tables:start -->';
const END = '<!-- api-tables:end -->';

const manifest = JSON.parse(readFileSync(`${root}custom-elements.json`, 'utf8'));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

const tags = Object.keys(pkg.exports ?? {})
  .map(key => /^\.\/([a-z]+(?:-[a-z]+)+)\/define\.js$/.exec(key)?.[1])
  .filter(Boolean);

const declarations = new Map();
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement && declaration.tagName) {
      declarations.set(declaration.tagName, declaration);
    }
  }
}

/** One line of prose for a table cell. */
const prose = text => (text ?? '').replace(/\s+/g, ' ').trim().replaceAll('|', '\\|');
/** Code in a table cell; a pipe inside a code span still needs its escape in GFM tables. */
const code = text => (text ? `\`${text.replace(/\s+/g, ' ').trim().replaceAll('|', '\\|')}\`` : '');

/** A description without its closing "Default `x`.", when the default column says the same. */
function withoutDefault(property) {
  const text = (property.description ?? '').replace(/\s+/g, ' ').trim();
  const match = /\s*Default `([^`]+)`\.?$/.exec(text);
  return prose(match && match[1] === property.default ? text.slice(0, match.index) : text);
}

function table(headers, rows) {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map(cells => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

function section(title, headers, rows, none) {
  if (rows.length === 0) return `**${title}**: ${none}`;
  return `**${title}**\n\n${table(headers, rows)}`;
}

function signature(method) {
  const parameters = (method.parameters ?? [])
    .map(p => `${p.name}${p.optional || p.default ? '?' : ''}: ${p.type?.text ?? 'unknown'}`)
    .join(', ');
  return `${method.name}(${parameters}): ${method.return?.type?.text ?? 'void'}`;
}

function element(tag) {
  const declaration = declarations.get(tag);
  if (!declaration) throw new Error(`custom-elements.json has no <${tag}>`);
  const isPublic = member => !member.privacy && !member.static && !member.name.startsWith('_');
  const fields = (declaration.members ?? []).filter(m => m.kind === 'field' && isPublic(m));
  const methods = (declaration.members ?? []).filter(m => m.kind === 'method' && isPublic(m));
  const attributes = declaration.attributes ?? [];
  const attributeFields = new Set(attributes.map(a => a.fieldName));
  // The element's own `--<tag>-*` properties get a row each; the shared tokens, the same for
  // every element and tabled under Theming, are listed by name.
  const cssProperties = declaration.cssProperties ?? [];
  const own = cssProperties.filter(p => p.name.startsWith(`--${tag}-`));
  const shared = cssProperties
    .filter(p => !p.name.startsWith(`--${tag}-`))
    .sort((a, b) => a.name.localeCompare(b.name));

  const parts = [
    `### \`<${tag}>\``,
    prose(declaration.summary ?? declaration.description),
    section(
      'Attributes',
      ['attribute', 'property', 'type', 'default', 'description'],
      attributes.map(a => [
        code(a.name),
        code(a.fieldName),
        code(a.type?.text),
        code(a.default),
        prose(a.description),
      ]),
      'none.',
    ),
    section(
      'Properties',
      ['property', 'type', 'description'],
      fields
        .filter(f => !attributeFields.has(f.name))
        .map(f => [code(f.name), code(f.type?.text), prose(f.description)]),
      'none besides the attributes’.',
    ),
    section(
      'Methods',
      ['method', 'description'],
      methods.map(m => [code(signature(m)), prose(m.description)]),
      'none.',
    ),
    section(
      'Events',
      ['event', 'type', 'description'],
      (declaration.events ?? [])
        .filter(e => e.name)
        .map(e => [code(e.name), code(e.type?.text), prose(e.description)]),
      'none.',
    ),
    section(
      'Slots',
      ['slot', 'description'],
      (declaration.slots ?? []).map(s => [
        s.name ? code(s.name) : '(default)',
        prose(s.description),
      ]),
      'none; the element renders its own content.',
    ),
    section(
      'Parts',
      ['part', 'description'],
      (declaration.cssParts ?? []).map(p => [code(p.name), prose(p.description)]),
      'none.',
    ),
    section(
      'CSS custom properties',
      ['property', 'default', 'description'],
      own.map(p => [code(p.name), code(p.default), prose(withoutDefault(p))]),
      'none of its own.',
    ),
    shared.length
      ? `Shared tokens it honours ([Theming](#theming)): ${shared.map(p => code(p.name)).join(', ')}.`
      : '',
  ];
  return parts.filter(Boolean).join('\n\n');
}

const generated = [
  START,
  '',
  '<!-- Generated by `npm run docs:api` from custom-elements.json; edit the elements’ JSDoc, not this. -->',
  '',
  ...tags.map(tag => `${element(tag)}\n`),
  END,
].join('\n');

const current = readFileSync(README, 'utf8');
const start = current.indexOf(START);
const end = current.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md needs the markers ${START} and ${END}.`);
  process.exit(1);
}
const options = (await prettier.resolveConfig(README)) ?? {};
const next = await prettier.format(
  current.slice(0, start) + generated + current.slice(end + END.length),
  { ...options, filepath: README },
);

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md API tables are stale: run "npm run docs:api" and commit the result.');
    process.exit(1);
  }
  console.log('README.md API tables match custom-elements.json.');
} else if (next !== current) {
  writeFileSync(README, next);
  console.log(`README.md API tables written for ${tags.map(t => `<${t}>`).join(', ')}.`);
} else {
  console.log('README.md API tables already current.');
}
