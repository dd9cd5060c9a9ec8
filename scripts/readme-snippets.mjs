// Type-checks every ```ts block of README.md against the BUILT package, as a host would compile
// it: the blocks import `contacts-elements` by name, resolved through package.json `exports` to
// dist/types, so a snippet that names a missing export or subpath fails. Run `npm run build`
// first. The few names a snippet leaves to the host (its own adapter module, a translation
// object) are declared here.
//
//   node scripts/readme-snippets.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules/.cache: ignored by git, ESLint and Prettier alike.
const work = join(root, 'node_modules/.cache/readme-snippets');

if (!existsSync(join(root, 'dist/types/index.d.ts'))) {
  console.error('No dist/types: run "npm run build" first.');
  process.exit(1);
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(match => ({
  code: match[1],
  line: readme.slice(0, match.index).split('\n').length,
}));

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
mkdirSync(join(work, 'test'));
mkdirSync(join(work, 'src'));
// The package under its own name, as an installed dependency; its imports (lit, ...) resolve
// from the repository's node_modules through the link's real path.
symlinkSync(root, join(work, 'node_modules/contacts-elements'), 'dir');

writeFileSync(
  join(work, 'src/my-adapter.ts'),
  `import type { ContactsAdapter } from 'contacts-elements';
export declare const MyAdapter: new (options: { tenant: string }) => ContactsAdapter;
`,
);
writeFileSync(
  join(work, 'host.d.ts'),
  `declare const fr: import('contacts-elements').Translation;\n`,
);
const files = blocks.map(block => {
  const file = `test/readme-line-${block.line}.ts`;
  writeFileSync(join(work, file), `${block.code}export {};\n`);
  return file;
});
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      types: [],
    },
    files: ['host.d.ts', 'src/my-adapter.ts', ...files],
  }),
);

try {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', work], { stdio: 'pipe' });
  console.log(`README.md: ${blocks.length} TypeScript snippets type-check against dist/types.`);
} catch (error) {
  // Name the README line of each failing snippet rather than the scratch file.
  console.error(
    String(error.stdout).replace(
      /\S*test\/readme-line-(\d+)\.ts\((\d+),(\d+)\)/g,
      'README.md, the snippet at line $1 (its line $2, column $3)',
    ),
  );
  process.exit(1);
}
