/**
 * How the element kit meets a test runner and a page: the runner's global `describe` and `it`,
 * a fresh adapter per test seeded through its own create calls, the real elements registered by
 * their define modules, and a host node on the page that each test mounts into and leaves empty.
 */
import { addContact } from '../../adapter/conformance/fixtures.js';
import {
  type AdapterFactory,
  emptyAdapter,
  runnerGlobals,
  type TestContext,
} from '../../adapter/conformance/harness.js';
import { generateDataset } from '../../adapter/seed/generate.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import type { Contact } from '../../model/types.js';
import { requireAccessibilityInfo } from './dom.js';

export interface ElementConformanceOptions {
  /** Per-test time limit in ms (default 30 s): each test seeds its records through the adapter. */
  timeout?: number;
  /**
   * How many contacts the list checks create through the adapter before mounting (default 45:
   * more than two pages of a backend that caps pages at 20, less than one page of 50).
   */
  contacts?: number;
  /**
   * Checks this adapter is known to fail, by title, each with the reason. They are registered as
   * skipped (pending), with the reason in the title, so the gap stays visible in every run.
   */
  skip?: Readonly<Record<string, string>>;
}

/** What a check gets: the adapter, the records seeded through it, and a node to mount into. */
export interface Stage {
  adapter: ContactsAdapter;
  /** The seeded contacts, in the order they were created. */
  seeded: Contact[];
  /** An empty, sized, attached node; emptied after the check. */
  host: HTMLElement;
  /** Creates `tag` with `properties` set before it connects, and appends it to `host`. */
  mount<E extends HTMLElement>(tag: string, properties?: Record<string, unknown>): E;
}

/** Marks a check skipped at run time, e.g. for an order the elements do not handle yet. */
export const SKIP = Symbol('skip');

export interface Check {
  title: string;
  /** How many contacts to seed: 'list' for the option's count, or a number. */
  seed: 'list' | number;
  run(stage: Stage): Promise<void | typeof SKIP>;
}

let registered: Promise<unknown> | undefined;

/**
 * Registers the three elements through their define modules, once, when the first check runs:
 * importing `contacts-elements/testing.js` registers no tag by itself.
 */
function defineElements(): Promise<unknown> {
  registered ??= Promise.all([
    import('../../elements/contacts-panel/define.js'),
    import('../../elements/contact-detail/define.js'),
    import('../../elements/conversation-contact-sidebar/define.js'),
  ]);
  return registered;
}

/**
 * Names from the deterministic generator, each with an email of its own (the checks tell rows
 * apart by it), created one by one through the adapter.
 */
async function seed(adapter: ContactsAdapter, count: number): Promise<Contact[]> {
  const { contacts } = generateDataset({ contacts: count, companies: 3, withConversations: 0 });
  const created: Contact[] = [];
  for (const [i, { name, email }] of contacts.entries()) {
    created.push(await addContact(adapter, { name, email: email ?? `kit.${i}@example.com` }));
  }
  return created;
}

function stageFor(adapter: ContactsAdapter, seeded: Contact[], host: HTMLElement): Stage {
  return {
    adapter,
    seeded,
    host,
    mount<E extends HTMLElement>(tag: string, properties: Record<string, unknown> = {}) {
      const element = document.createElement(tag) as E;
      Object.assign(element, properties);
      host.append(element);
      return element;
    },
  };
}

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_CONTACTS = 45;

export function registerChecks(
  name: string,
  factory: AdapterFactory,
  options: ElementConformanceOptions,
  groups: readonly { title: string; checks: readonly Check[] }[],
): void {
  const { describe, it } = runnerGlobals('runElementConformance');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const listSize = options.contacts ?? DEFAULT_CONTACTS;
  const known = new Set<string>();

  const register = (check_: Check) => {
    known.add(check_.title);
    const reason = options.skip?.[check_.title];
    if (reason !== undefined) {
      const title = `${check_.title} (skipped: ${reason})`;
      if (it.skip) {
        it.skip(title, async () => {});
      } else {
        it(title, async function () {
          this?.skip?.();
        });
      }
      return;
    }
    it(
      check_.title,
      async function (this: TestContext | undefined) {
        requireAccessibilityInfo();
        await defineElements();
        const adapter = await emptyAdapter(factory);
        const seeded = await seed(adapter, check_.seed === 'list' ? listSize : check_.seed);
        const host = document.createElement('div');
        host.style.cssText = 'display:block;width:960px;height:640px';
        document.body.append(host);
        try {
          if ((await check_.run(stageFor(adapter, seeded, host))) === SKIP) this?.skip?.();
        } finally {
          host.remove();
        }
      },
      timeout,
    );
  };

  describe(`Element conformance: ${name}`, function () {
    this?.timeout?.(timeout);
    for (const group of groups) describe(group.title, () => group.checks.forEach(register));
  });

  for (const title of Object.keys(options.skip ?? {})) {
    if (!known.has(title)) throw new Error(`runElementConformance: no check is titled "${title}"`);
  }
}
