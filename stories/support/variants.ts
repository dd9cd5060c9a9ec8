/**
 * Stories every element has, from one place: the states (loading, empty, failed then retried, no
 * adapter) and the variants (narrow, dark, right to left, Portuguese, Spanish). An element's
 * stories file exports them by name (`export const Dark = variants.Dark;`), so the story ids stay
 * the export names.
 */
import type { StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent } from 'storybook/test';

import { inside } from './dom.js';
import type { ElementArgs } from './meta.js';
import { apiOf, mockApi, type MockApiOptions } from './mock-api.js';

/** Finds the story's element in its canvas, once rendered. */
type Find = (canvasElement: HTMLElement) => Promise<HTMLElement>;

type Role = Parameters<ReturnType<typeof inside>['findByRole']>[0];

/** Accessible roles and names that must show: `['button', 'Editar']`. */
export type Shows = readonly (readonly [role: Role, name: string])[];

function playShows(find: Find, shows: Shows) {
  return async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const shadow = inside(await find(canvasElement));
    for (const [role, name] of shows) {
      await expect(await shadow.findByRole(role, { name })).toBeVisible();
    }
  };
}

export interface StateOptions<A> {
  find: Find;
  /** The text of the loading state (every request waits forever). */
  loading: string;
  /** The empty state: its text, and the args or data that give it. */
  empty: { text: string; args?: Partial<A>; api?: MockApiOptions };
  /** The alert while the server answers 500, and what shows once Retry succeeds. */
  failed: { alert: string; recovered: Shows };
}

/** Loading, Empty, ErrorWithRetry and NoAdapter. */
export function stateStories<A extends ElementArgs>({
  find,
  loading,
  empty,
  failed,
}: StateOptions<A>) {
  const Loading: StoryObj<A> = {
    loaders: [mockApi({ loading: true })],
    play: async ({ canvasElement }) => {
      const shadow = inside(await find(canvasElement));
      await expect(await shadow.findByText(loading)).toBeInTheDocument();
    },
  };
  const Empty: StoryObj<A> = {
    ...(empty.args ? { args: empty.args } : {}),
    ...(empty.api ? { loaders: [mockApi(empty.api)] } : {}),
    play: async ({ canvasElement }) => {
      const shadow = inside(await find(canvasElement));
      const [text] = await shadow.findAllByText(empty.text);
      await expect(text).toBeVisible();
    },
  };
  /** The server answers 500 until the play function clears the outage and presses Retry. */
  const ErrorWithRetry: StoryObj<A> = {
    loaders: [mockApi({ outage: true })],
    play: async context => {
      const shadow = inside(await find(context.canvasElement));
      await expect(await shadow.findByRole('alert')).toHaveTextContent(failed.alert);
      apiOf(context).outage = false;
      await userEvent.click(shadow.getByRole('button', { name: 'Retry' }));
      await playShows(find, failed.recovered)(context);
    },
  };
  const NoAdapter: StoryObj<A> = {
    args: { withoutAdapter: true } as Partial<A>,
    play: async ({ canvasElement }) => {
      const shadow = inside(await find(canvasElement));
      await expect(await shadow.findByText('No data adapter connected')).toBeVisible();
    },
  };
  return { Loading, Empty, ErrorWithRetry, NoAdapter };
}

export interface VariantOptions<A> {
  find: Find;
  /** The frame width of the Narrow story. */
  narrow: string;
  /** Args of every variant but Narrow (e.g. a selected record, so the details show). */
  args?: Partial<A>;
  /** What shows in Portuguese (Brazil), and in Spanish. */
  portugueseBrazil: Shows;
  spanish: Shows;
}

/** Narrow, Dark, RightToLeft (Arabic: mirrored, English strings), PortugueseBrazil, Spanish. */
export function variantStories<A extends ElementArgs>({
  find,
  narrow,
  args,
  portugueseBrazil,
  spanish,
}: VariantOptions<A>) {
  const withArgs = args ? { args } : {};
  const Narrow: StoryObj<A> = { parameters: { frameWidth: narrow } };
  const Dark: StoryObj<A> = { ...withArgs, globals: { theme: 'dark' } };
  const RightToLeft: StoryObj<A> = { ...withArgs, globals: { locale: 'ar' } };
  const PortugueseBrazil: StoryObj<A> = {
    ...withArgs,
    globals: { locale: 'pt-BR' },
    play: playShows(find, portugueseBrazil),
  };
  const Spanish: StoryObj<A> = {
    ...withArgs,
    globals: { locale: 'es' },
    play: playShows(find, spanish),
  };
  return { Narrow, Dark, RightToLeft, PortugueseBrazil, Spanish };
}
