/**
 * Queries by ARIA role and accessible name, through shadow roots, using the browser's own
 * accessibility computation (Element.computedRole / computedName, enabled by the test runner's
 * --enable-blink-features=ComputedAccessibilityInfo flag).
 */

import {
  descendants as deepElements,
  nameOf,
  roleOf,
} from '../../src/testing/element-conformance/dom.js';

export { deepElements, nameOf, roleOf };

export interface RoleOptions {
  /** Exact accessible name, or a pattern it must match. */
  name?: string | RegExp;
  /** Include elements hidden from the accessibility tree (default false). */
  hidden?: boolean;
}

function nameMatches(actual: string, expected: string | RegExp | undefined): boolean {
  if (expected === undefined) return true;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

export function queryAllByRole(
  root: ParentNode,
  role: string,
  options: RoleOptions = {},
): HTMLElement[] {
  return deepElements(root).filter(
    (el): el is HTMLElement =>
      el instanceof HTMLElement &&
      roleOf(el) === role &&
      (options.hidden || roleOf(el) !== '') &&
      nameMatches(nameOf(el), options.name),
  );
}

export function queryByRole(
  root: ParentNode,
  role: string,
  options: RoleOptions = {},
): HTMLElement | null {
  return queryAllByRole(root, role, options)[0] ?? null;
}

function describeRoles(root: ParentNode): string {
  return deepElements(root)
    .map(el => [roleOf(el), nameOf(el)] as const)
    .filter(([role]) => role && role !== 'generic' && role !== 'none')
    .slice(0, 60)
    .map(([role, name]) => `  ${role} "${name.slice(0, 60)}"`)
    .join('\n');
}

export function getByRole(root: ParentNode, role: string, options: RoleOptions = {}): HTMLElement {
  const found = queryByRole(root, role, options);
  if (found) return found;
  throw new Error(
    `No ${role}${options.name !== undefined ? ` named ${String(options.name)}` : ''}. Roles present:\n${describeRoles(root)}`,
  );
}

/** Waits until `check` returns a value (not null/undefined/false) or throws after `timeout` ms. */
export async function waitFor<T>(
  check: () => T | null | undefined | false,
  timeout = 3000,
  what = 'condition',
): Promise<T> {
  const start = performance.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = check();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() - start > timeout) {
      throw lastError instanceof Error ? lastError : new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

export function findByRole(
  root: ParentNode,
  role: string,
  options: RoleOptions = {},
  timeout = 3000,
): Promise<HTMLElement> {
  return waitFor(
    () => getByRole(root, role, options),
    timeout,
    `${role} ${String(options.name ?? '')}`,
  );
}
