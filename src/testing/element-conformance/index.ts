/**
 * The element conformance kit: the real `<contacts-panel>`, `<contact-detail>` and
 * `<conversation-contact-sidebar>` mounted on a host's adapter in the browser, driven by role and
 * accessible name as an agent would. Where `runAdapterConformance` proves the contract method by
 * method, this proves the elements work on top of it: a backend that caps pages, lists in another
 * order or keeps its own ids shows here whether the panel, the detail and the sidebar cope.
 *
 * ```ts
 * import { runElementConformance } from 'contacts-elements/testing.js';
 * runElementConformance('MyAdapter', () => new MyAdapter(freshTestBackend()));
 * ```
 *
 * Like the adapter suite it registers tests with the runner's global `describe` and `it` and needs
 * no assertion library. Each test gets a fresh, empty adapter from the factory and creates its
 * records through the adapter's own `createContact` calls. It runs in a browser whose
 * accessibility computation is exposed: Chromium with
 * `--enable-blink-features=ComputedAccessibilityInfo`.
 */
import type { AdapterFactory } from '../../adapter/conformance/harness.js';
import { detailChecks } from './detail.js';
import { type ElementConformanceOptions, registerChecks } from './harness.js';
import { panelChecks } from './panel.js';
import { sidebarChecks } from './sidebar.js';

export type { ElementConformanceOptions } from './harness.js';

const GROUPS = [
  { title: '<contacts-panel>', checks: panelChecks },
  { title: '<contact-detail>', checks: detailChecks },
  { title: '<conversation-contact-sidebar>', checks: sidebarChecks },
];

/** The titles of the checks, to name in `options.skip`. */
export const ELEMENT_CHECKS: readonly string[] = GROUPS.flatMap(group =>
  group.checks.map(check => check.title),
);

/**
 * Registers the element checks for one adapter. `factory` is called once per test and must
 * return a fresh adapter over an empty store.
 */
export function runElementConformance(
  name: string,
  factory: AdapterFactory,
  options: ElementConformanceOptions = {},
): void {
  registerChecks(name, factory, options, GROUPS);
}
