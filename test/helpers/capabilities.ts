import type { ContactsAdapter } from '../../src/adapter/types.js';

/**
 * `inner` as a host's adapter without some optional methods would be (no merge, no delete…):
 * those read as undefined, every other member is `inner`'s own.
 */
export function without(
  inner: ContactsAdapter,
  ...methods: (keyof ContactsAdapter)[]
): ContactsAdapter {
  const hidden = new Set<PropertyKey>(methods);
  return new Proxy(inner, {
    get(target, key) {
      if (hidden.has(key)) return undefined;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
