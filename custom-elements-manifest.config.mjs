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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/mocks/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [
    typedEvents(),
    {
      // The analyzer emits modules in a varying order; sorting keeps the CI staleness check stable.
      name: 'sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
