/**
 * Play-function helpers. Testing Library does not pierce shadow roots, so queries run inside the
 * element's own shadow root, and inside a nested element's (a form in a dialog) when needed.
 */
import { userEvent, waitFor, within } from 'storybook/test';

type Updating = HTMLElement & { updateComplete?: Promise<unknown> };

/** The story's element, once defined and rendered. */
export async function element<T extends HTMLElement>(
  canvasElement: HTMLElement,
  tag: string,
): Promise<T> {
  await customElements.whenDefined(tag);
  const found = canvasElement.querySelector<T>(tag);
  if (!found) throw new Error(`The story renders no <${tag}>.`);
  await (found as Updating).updateComplete;
  return found;
}

type Queries = ReturnType<typeof within>;
type Query = (...args: unknown[]) => unknown;

/**
 * Testing Library queries scoped to an element's shadow root. The `find*` queries poll the `get*`
 * ones: Testing Library's own wait observes mutations of its container, and refuses a ShadowRoot.
 */
export function inside(host: Element | null | undefined): Queries {
  if (!host?.shadowRoot) throw new Error(`${host?.localName ?? 'The element'} has no shadow root.`);
  const queries = within(host.shadowRoot as unknown as HTMLElement);
  const polled: Record<string, Query> = { ...(queries as unknown as Record<string, Query>) };
  for (const name of Object.keys(queries)) {
    if (!name.startsWith('find')) continue;
    const get = polled[`get${name.slice('find'.length)}`]!;
    polled[name] = (matcher, options, waitOptions) =>
      waitFor(() => get(matcher, options), { timeout: 3000, ...(waitOptions as object) });
  }
  return polled as unknown as Queries;
}

/**
 * Replaces an input's text as an agent would (select all, type). `userEvent.clear` checks focus
 * against `document.activeElement`, which is the outer host when the input sits in shadow roots.
 */
export async function replaceText(input: HTMLElement, text: string): Promise<void> {
  const length = (input as HTMLInputElement).value.length;
  await userEvent.type(input, text, { initialSelectionStart: 0, initialSelectionEnd: length });
}

/** The nested element `selector` inside `host`'s shadow root, once it renders. */
export async function nested(host: Element, selector: string): Promise<HTMLElement> {
  for (let i = 0; i < 100; i++) {
    const found = host.shadowRoot?.querySelector<HTMLElement>(selector);
    if (found) {
      await (found as Updating).updateComplete;
      return found;
    }
    await new Promise(resolve => setTimeout(resolve, 30));
  }
  throw new Error(`No ${selector} inside <${host.localName}>.`);
}

/**
 * The element that has the focus, through shadow roots: `toHaveFocus()` compares with
 * `document.activeElement`, which is the outer host when the focus sits in shadow roots.
 */
export function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
