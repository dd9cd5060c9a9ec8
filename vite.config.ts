import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * `vite` serves the demo host app (demo/index.html); `vite build` emits the library as
 * unbundled ES modules with every dependency external, so hosts dedupe Lit and the rest.
 */
export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, open: '/demo/' },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    minify: false,
    copyPublicDir: false,
    lib: {
      entry: {
        index: resolve(root, 'src/index.ts'),
        define: resolve(root, 'src/define.ts'),
        conformance: resolve(root, 'src/adapter/conformance.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: id => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
});
