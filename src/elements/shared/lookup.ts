/**
 * The entry of a string-keyed table (translations by key, channel names, statuses, name
 * sources) for `key`, only when the table itself holds it: a record's value such as
 * `constructor`, `toString` or `__proto__` finds nothing rather than a member of
 * Object.prototype.
 */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
