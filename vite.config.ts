import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

import { demoServerPlugin } from './scripts/lib/demo-server.mjs';
import { minifyTemplatesPlugin } from './scripts/lib/minify-templates.mjs';

const root = import.meta.dirname;

/**
 * The demo lives under /demo/, but Vite prints the server's root: the root redirects there, and
 * the demo's own URL is printed under Vite's. Storybook runs this config in middleware mode,
 * where it owns `/`, so the plugin steps aside there.
 */
function demoAtRoot(): Plugin {
  return {
    name: 'contacts-demo-at-root',
    apply: 'serve',
    configureServer(server) {
      if (server.config.server.middlewareMode) return;
      server.middlewares.use((request, response, next) => {
        const url = new URL(request.url ?? '/', 'http://host');
        if (url.pathname !== '/') return next();
        response.writeHead(302, { Location: `/demo/${url.search}` }).end();
      });
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        for (const url of server.resolvedUrls?.local ?? []) {
          server.config.logger.info(`  ➜  Demo:    ${url}demo/`);
        }
      };
    },
  };
}

/**
 * `vite` serves the demo host app (demo/index.html) with the reference server (server/) behind
 * `/api`, on PGlite in `.data/demo/` (scripts/lib/demo-server.mjs); `vite build` emits the library as
 * unbundled ES modules with every dependency external, so hosts dedupe Lit and the rest, and with
 * the templates' text minified (code stays readable; stylesheets ship without comments).
 */
export default defineConfig({
  plugins: [demoAtRoot(), demoServerPlugin(), minifyTemplatesPlugin()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    open: '/demo/',
    // The demo server's database files change at every write; they are no source of the page.
    watch: { ignored: ['**/.data/**'] },
  },
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
        // One registering module per public element, for hosts that use only one of them.
        'elements/contacts-panel/define': resolve(root, 'src/elements/contacts-panel/define.ts'),
        'elements/contact-detail/define': resolve(root, 'src/elements/contact-detail/define.ts'),
        'elements/conversation-contact-sidebar/define': resolve(
          root,
          'src/elements/conversation-contact-sidebar/define.ts',
        ),
        // The model's rules (for servers), adapters and test helpers: one entry each, so a host
        // loads only what it imports.
        model: resolve(root, 'src/model.ts'),
        serving: resolve(root, 'src/serving.ts'),
        'in-memory': resolve(root, 'src/in-memory.ts'),
        rest: resolve(root, 'src/rest.ts'),
        persist: resolve(root, 'src/persist.ts'),
        testing: resolve(root, 'src/testing.ts'),
        // The `conformance.js` subpath; named by its path, so it sits beside its types.
        'adapter/conformance/index': resolve(root, 'src/adapter/conformance/index.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      // Dependencies stay imports, so hosts dedupe them. Oxc's decorator helper is the exception:
      // it is a build tool's runtime, not a dependency of the package, so it ships inside dist.
      external: id =>
        !id.startsWith('.') &&
        !id.startsWith('/') &&
        !id.startsWith('\0') &&
        !id.startsWith('@oxc-project/runtime'),
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
});
