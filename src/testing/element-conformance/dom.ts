/**
 * The kit's view of the page: elements found by ARIA role and accessible name through open shadow
 * roots, as the browser's accessibility tree computes them (Chromium's `computedRole` and
 * `computedName`), and input given the way a user would give it (input events, key presses).
 */
import { fail } from '../../adapter/conformance/assert.js';

type Accessible = Element & { computedRole?: string | null; computedName?: string | null };

/** How long the kit waits for the elements to show something; generous, never a timing check. */
export const WAIT = 8000;

/** Fails with what to do when the browser does not expose its accessibility computation. */
export function requireAccessibilityInfo(): void {
  if (typeof (document.body as Accessible).computedRole === 'string') return;
  fail(
    'runElementConformance finds elements by role and accessible name: run Chromium with ' +
      '--enable-blink-features=ComputedAccessibilityInfo (see the README).',
  );
}

/** Every element below `root`, descending into open shadow roots. */
export function descendants(root: ParentNode): Element[] {
  const out: Element[] = [];
  const visit = (node: ParentNode) => {
    for (const child of Array.from(node.children)) {
      out.push(child);
      if (child.shadowRoot) visit(child.shadowRoot);
      visit(child);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return out;
}

export function roleOf(element: Element): string {
  return (element as Accessible).computedRole ?? '';
}

export function nameOf(element: Element): string {
  return ((element as Accessible).computedName ?? '').trim();
}

/** An exact accessible name, or a test it must pass. */
export type NameTest = string | ((name: string) => boolean);

function matches(name: string, test: NameTest | undefined): boolean {
  if (test === undefined) return true;
  return typeof test === 'string' ? name === test : test(name);
}

export function allByRole(root: ParentNode, role: string, name?: NameTest): HTMLElement[] {
  return descendants(root).filter(
    (el): el is HTMLElement =>
      el instanceof HTMLElement && roleOf(el) === role && matches(nameOf(el), name),
  );
}

export function byRole(root: ParentNode, role: string, name?: NameTest): HTMLElement | undefined {
  return allByRole(root, role, name)[0];
}

/** Resolves with the first truthy value of `probe`; fails naming `what` after `timeout` ms. */
export async function waitFor<T>(
  what: string,
  probe: () => T | null | undefined | false,
  timeout = WAIT,
): Promise<T> {
  const end = performance.now() + timeout;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (performance.now() > end) fail(`expected ${what} within ${timeout} ms`);
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

export function findByRole(root: ParentNode, role: string, name?: NameTest): Promise<HTMLElement> {
  const label = typeof name === 'string' ? ` named ${JSON.stringify(name)}` : '';
  return waitFor(`a ${role}${label}`, () => byRole(root, role, name));
}

/** Sets a text field's value as typing would, firing `input`. */
export function typeInto(field: HTMLElement, value: string): void {
  (field as HTMLInputElement).value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Presses a key on `target` (which has focus), as the keyboard would deliver it. */
export function press(target: HTMLElement, key: string): void {
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
  );
}

/** The option a listbox marks active through `aria-activedescendant`. */
export function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  if (!id) return null;
  const root = list.getRootNode() as Document | ShadowRoot;
  return (root.getElementById(id) ??
    list.querySelector(`#${CSS.escape(id)}`)) as HTMLElement | null;
}
