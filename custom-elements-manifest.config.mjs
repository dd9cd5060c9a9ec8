import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The analyzer infers an event from every `this.dispatchEvent(x)`, naming it after the variable
 * (or not at all for `new SomeEvent(...)`), so each element would list phantom events beside the
 * real ones its `@fires` tags document. This plugin keeps `@fires` as the contract and gives each
 * entry its Event class, read from the classes' static `eventName`.
 */
function typedEvents() {
  return {
    name: 'contacts-typed-events',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const classByEvent = new Map();
      const eventByClass = new Map();
      for (const module of manifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const field = declaration.members?.find(
            member => member.static && member.name === 'eventName',
          );
          const name = field?.default?.replace(/^['"`]|['"`]$/g, '');
          if (!name) continue;
          classByEvent.set(name, declaration.name);
          eventByClass.set(declaration.name, name);
        }
      }
      for (const module of manifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement || !declaration.events) continue;
          const documented = new Set(
            declaration.events.filter(event => event.description).map(event => event.name),
          );
          const events = [];
          for (const event of declaration.events) {
            if (event.description) {
              const type = classByEvent.get(event.name);
              events.push(type && !event.type ? { ...event, type: { text: type } } : event);
              continue;
            }
            // Inferred: kept only when its class names an event the JSDoc does not already list.
            const name = eventByClass.get(event.type?.text);
            if (name && !documented.has(name) && !events.some(e => e.name === name)) {
              events.push({ name, type: event.type });
            }
          }
          declaration.events = events;
        }
      }
    },
  };
}

/** `./x.js` imported from `src/a/b.ts`, as the source path it names (`src/a/x.ts`). */
function resolveSource(from, specifier) {
  const base = posix.join(posix.dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A default written as a constant's name (`DEFAULT_COUNTRY`) tells a host nothing; this plugin
 * replaces it with the constant's literal value (`'BR'`). It records every module-level `const`
 * with a literal initializer and every named import, then resolves a default through the
 * declaring module's own constants or the import that brought the name in.
 */
function literalDefaults() {
  const constants = new Map(); // module path -> Map(name -> literal text)
  const imports = new Map(); // module path -> Map(local name -> { module, name })

  function literal(ts, expression) {
    let node = expression;
    while (ts.isAsExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
    if (
      ts.isStringLiteral(node) ||
      ts.isNumericLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      node.kind === ts.SyntaxKind.TrueKeyword ||
      node.kind === ts.SyntaxKind.FalseKeyword ||
      node.kind === ts.SyntaxKind.NullKeyword ||
      (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))
    ) {
      return node.getText();
    }
    return undefined;
  }

  function resolve(path, name, depth = 0) {
    if (depth > 8) return undefined;
    const own = constants.get(path)?.get(name);
    if (own !== undefined) return own;
    const imported = imports.get(path)?.get(name);
    return imported ? resolve(imported.module, imported.name, depth + 1) : undefined;
  }

  return {
    name: 'contacts-literal-defaults',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isSourceFile(node)) return;
      const path = moduleDoc.path;
      const ownConstants = new Map();
      const ownImports = new Map();
      for (const statement of node.statements) {
        if (
          ts.isVariableStatement(statement) &&
          statement.declarationList.flags & ts.NodeFlags.Const
        ) {
          for (const declaration of statement.declarationList.declarations) {
            if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
            const text = literal(ts, declaration.initializer);
            if (text !== undefined) ownConstants.set(declaration.name.text, text);
          }
        }
        if (
          ts.isImportDeclaration(statement) &&
          ts.isStringLiteral(statement.moduleSpecifier) &&
          statement.moduleSpecifier.text.startsWith('.') &&
          statement.importClause?.namedBindings &&
          ts.isNamedImports(statement.importClause.namedBindings)
        ) {
          const module = resolveSource(path, statement.moduleSpecifier.text);
          if (!module) continue;
          for (const element of statement.importClause.namedBindings.elements) {
            const name = (element.propertyName ?? element.name).text;
            ownImports.set(element.name.text, { module, name });
          }
        }
      }
      constants.set(path, ownConstants);
      imports.set(path, ownImports);
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      for (const module of manifest.modules) {
        for (const declaration of module.declarations ?? []) {
          for (const entry of [...(declaration.members ?? []), ...(declaration.attributes ?? [])]) {
            if (!entry.default || !/^[A-Za-z_$][\w$]*$/.test(entry.default)) continue;
            if (['null', 'undefined', 'true', 'false'].includes(entry.default)) continue;
            const value = resolve(module.path, entry.default);
            if (value !== undefined) entry.default = value;
          }
        }
      }
    },
  };
}

/** Every `var(--name, fallback)` in a source text, fallbacks whitespace-collapsed. */
function customPropertyUses(text) {
  const uses = [];
  const pattern = /var\(\s*(--[\w-]+)\s*(,?)/g;
  for (let match; (match = pattern.exec(text));) {
    let fallback;
    if (match[2]) {
      let depth = 1;
      let end = pattern.lastIndex;
      for (; end < text.length && depth > 0; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')') depth--;
      }
      const raw = text
        .slice(pattern.lastIndex, end - 1)
        .replace(/\s+/g, ' ')
        .trim();
      if (raw && !raw.includes('${')) fallback = raw;
    }
    uses.push({ name: match[1], fallback });
  }
  return uses;
}

/** Relative imports of a module (static, side-effect and dynamic; type-only ones skipped). */
function runtimeImports(path, text) {
  const found = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?!type\s)[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
    /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
    /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const source = resolveSource(path, match[1]);
      if (source) found.push(source);
    }
  }
  return found;
}

/**
 * Lists every CSS custom property an element honours, with its fallback as the default: the
 * `var(...)` uses in every module the element loads (its styles, the shared theme, the forms and
 * internal elements it renders, lazily loaded ones included). An element honours the shared
 * `--contacts-*` tokens and its own `--<tag>-*` properties, not another public element's (the
 * sidebar's nested panel reads `--contacts-panel-*`, but that is the panel's API). The `@cssproperty`
 * JSDoc stays the source of descriptions; a shared token an element does not document borrows
 * the description another element gives it.
 */
function cssProperties() {
  return {
    name: 'contacts-css-properties',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const exportsField = JSON.parse(readFileSync('package.json', 'utf8')).exports ?? {};
      const publicTags = Object.keys(exportsField)
        .map(key => /^\.\/([a-z]+(?:-[a-z]+)+)\/define\.js$/.exec(key)?.[1])
        .filter(Boolean);
      const elements = manifest.modules.flatMap(module =>
        (module.declarations ?? [])
          .filter(declaration => declaration.customElement && declaration.tagName)
          .map(declaration => ({ module, declaration })),
      );
      const descriptions = new Map();
      for (const { declaration } of elements) {
        for (const property of declaration.cssProperties ?? []) {
          if (property.description && !descriptions.has(property.name)) {
            descriptions.set(property.name, property.description);
          }
        }
      }

      for (const { module, declaration } of elements) {
        const tag = declaration.tagName;
        const others = publicTags.filter(other => other !== tag).map(other => `--${other}-`);
        const honours = name =>
          name.startsWith(`--${tag}-`) ||
          (name.startsWith('--contacts-') && !others.some(prefix => name.startsWith(prefix)));

        const found = new Map();
        const seen = new Set();
        const visit = path => {
          if (seen.has(path)) return;
          seen.add(path);
          const text = readFileSync(path, 'utf8');
          for (const { name, fallback } of customPropertyUses(text)) {
            if (!honours(name)) continue;
            if (!found.has(name) || (found.get(name) === undefined && fallback)) {
              found.set(name, fallback);
            }
          }
          for (const next of runtimeImports(path, text)) visit(next);
        };
        visit(module.path);

        const listed = (declaration.cssProperties ?? []).map(property => {
          const fallback = found.get(property.name);
          return fallback && !property.default ? { ...property, default: fallback } : property;
        });
        const extra = [...found.keys()]
          .filter(name => !listed.some(property => property.name === name))
          .sort()
          .map(name => {
            const entry = { name };
            if (descriptions.has(name)) entry.description = descriptions.get(name);
            if (found.get(name)) entry.default = found.get(name);
            return entry;
          });
        const all = [...listed, ...extra];
        if (all.length) declaration.cssProperties = all;
      }
    },
  };
}

/**
 * The package ships `dist/**\/*.js`, not `src/**\/*.ts`, so module paths (and every reference to
 * a module) point at the built files. A module ships when it declares something, or when
 * package.json names it (an `exports` target, a `sideEffects` registering module). The rest ship
 * no file of their own: types-only modules, and re-export barrels the build folds into their
 * importers; a re-export through a barrel is followed to the module that ships the declaration.
 */
function shippedPaths() {
  const toDist = path => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');
  /** A module reference (relative, `/src/...js` or `src/...ts`) as a source path, `src/...ts`. */
  const source = (from, reference) =>
    (reference.startsWith('.') ? posix.join(posix.dirname(from), reference) : reference)
      .replace(/^\//, '')
      .replace(/\.js$/, '.ts');
  const rewrite = value => {
    if (Array.isArray(value)) return value.forEach(rewrite);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'module' || key === 'path') && typeof inner === 'string') {
        if (/^\/?src\//.test(inner)) value[key] = toDist(inner);
      } else {
        rewrite(inner);
      }
    }
  };
  return {
    name: 'contacts-shipped-paths',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
      const named = new Set(
        [
          ...Object.values(pkg.exports ?? {}).flatMap(target =>
            typeof target === 'string' ? [target] : Object.values(target),
          ),
          ...(Array.isArray(pkg.sideEffects) ? pkg.sideEffects : []),
        ]
          .filter(target => /^\.\/(dist|src)\/.*\.(js|ts)$/.test(target))
          .map(target => source('', target.replace(/^\.\/dist\//, './src/'))),
      );
      const byPath = new Map(manifest.modules.map(module => [module.path, module]));
      const ships = module => (module.declarations ?? []).length > 0 || named.has(module.path);

      const follow = (from, entry, depth = 0) => {
        const reference = entry.declaration?.module;
        if (!reference) return [entry];
        const path = source(from, reference);
        if (!path.startsWith('src/')) return [entry];
        const target = byPath.get(path);
        if (target && ships(target)) {
          return [{ ...entry, declaration: { ...entry.declaration, module: path } }];
        }
        if (!target || depth > 8) return []; // types only: nothing ships
        const inner = (target.exports ?? []).flatMap(next => follow(target.path, next, depth + 1));
        if (entry.declaration.name === '*') return inner;
        return inner
          .filter(next => next.name === entry.declaration.name)
          .map(next => ({ ...next, name: entry.name }));
      };

      for (const module of manifest.modules) {
        if (!module.exports) continue;
        const seen = new Set();
        module.exports = module.exports
          .flatMap(entry => follow(module.path, entry))
          .filter(entry => {
            const key = `${entry.kind} ${entry.name} ${entry.declaration?.module}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
      }
      manifest.modules = manifest.modules.filter(ships);
      for (const module of manifest.modules) {
        rewrite(module.declarations);
        rewrite(module.exports);
        module.path = toDist(module.path);
      }
    },
  };
}

// Plugins run in order: paths are rewritten last, since the others read the sources.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/mocks/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [
    typedEvents(),
    literalDefaults(),
    cssProperties(),
    {
      // The analyzer emits modules in a varying order; sorting keeps the CI staleness check stable.
      name: 'sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
    shippedPaths(),
  ],
};
