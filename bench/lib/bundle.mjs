// Bundle sizes: a registering entry built with Vite, with the templates' text minified as the
// package build does, every chunk minified with esbuild and gzipped at level 9. The three elements
// (src/define.ts) are built twice: lit and @lit/* external (the library's own weight), and lit
// bundled (what a page downloads before first paint).
// <contacts-panel> alone (its define module) is built once, lit external. Chunks reached only
// through import() are lazy; libphonenumber-js metadata must be one of them.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

import { minifyTemplatesPlugin } from '../../scripts/lib/minify-templates.mjs';

const LIT = /^(lit|lit-html|lit-element)(\/|$)|^@lit\//;

function bundle(root, entry, outDir, litExternal, eagerModules) {
  return build({
    configFile: false,
    root,
    logLevel: 'silent',
    publicDir: false,
    plugins: [minifyTemplatesPlugin()],
    build: {
      write: false,
      outDir,
      minify: false,
      target: 'es2022',
      copyPublicDir: false,
      lib: { entry: { define: join(root, entry) }, formats: ['es'] },
      rolldownOptions: {
        external: litExternal ? id => LIT.test(id) : [],
        output: eagerModules
          ? { codeSplitting: { groups: [{ name: 'eager', test: id => eagerModules.has(id) }] } }
          : {},
      },
    },
  });
}

/** The chunks of a build, and the names of those the entry needs before anything renders. */
function chunksOf(result) {
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap(output => output.output)
    .filter(item => item.type === 'chunk');
  const byName = new Map(chunks.map(chunk => [chunk.fileName, chunk]));
  const eager = new Set();
  const visit = name => {
    const chunk = byName.get(name);
    if (!chunk || eager.has(name)) return;
    eager.add(name);
    chunk.imports.forEach(visit);
  };
  chunks.filter(chunk => chunk.isEntry).forEach(chunk => visit(chunk.fileName));
  return { chunks, eager };
}

/**
 * Builds `entry` twice: once to learn which modules first paint needs, then with those modules
 * grouped into one chunk. The bundler otherwise splits modules shared by eager and lazy code into
 * many small eager chunks, and gzipping each alone would count the split, not the code.
 */
async function buildEntry(root, entry, outDir, litExternal) {
  const first = chunksOf(await bundle(root, entry, outDir, litExternal));
  const eagerModules = new Set(
    first.chunks
      .filter(chunk => first.eager.has(chunk.fileName))
      .flatMap(chunk => Object.keys(chunk.modules)),
  );
  const { chunks, eager } = chunksOf(await bundle(root, entry, outDir, litExternal, eagerModules));
  const measured = [];
  for (const chunk of chunks) {
    const { code } = await transform(chunk.code, { minify: true, format: 'esm', target: 'es2022' });
    measured.push({
      file: chunk.fileName,
      eager: eager.has(chunk.fileName),
      minBytes: Buffer.byteLength(code),
      gzipBytes: gzipSync(code, { level: 9 }).length,
      phoneMetadata: chunk.moduleIds.some(id => /libphonenumber-js\/metadata/.test(id)),
      phoneLibrary: chunk.moduleIds.some(id => id.includes('libphonenumber-js')),
    });
  }
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0);
  const eagerChunks = measured.filter(chunk => chunk.eager);
  const lazyChunks = measured.filter(chunk => !chunk.eager);
  return {
    eager: { minBytes: sum(eagerChunks, 'minBytes'), gzipBytes: sum(eagerChunks, 'gzipBytes') },
    lazy: lazyChunks.map(({ file, minBytes, gzipBytes, phoneLibrary }) => ({
      file,
      minBytes,
      gzipBytes,
      phoneLibrary,
    })),
    phoneMetadataEager: eagerChunks.some(chunk => chunk.phoneMetadata),
    phoneLibraryEager: eagerChunks.some(chunk => chunk.phoneLibrary),
  };
}

export async function measureBundles(root) {
  const outDir = join(root, 'bench/dist/size');
  await mkdir(outDir, { recursive: true });
  const withoutLit = await buildEntry(root, 'src/define.ts', outDir, true);
  const withLit = await buildEntry(root, 'src/define.ts', outDir, false);
  const panel = await buildEntry(root, 'src/elements/contacts-panel/define.ts', outDir, true);
  await rm(outDir, { recursive: true, force: true });
  return { withoutLit, withLit, panel };
}
