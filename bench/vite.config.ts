import { defineConfig } from 'vite';

/**
 * Production build of the benchmark page (bench/index.html) into bench/dist: minified, with
 * each implementation under test in its own lazily loaded chunk.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: 'dist/page',
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
  },
});
