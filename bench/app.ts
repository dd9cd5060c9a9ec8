/**
 * The benchmark page. The driver (bench/run.mjs) opens it, calls `window.bench.setup(...)` with
 * an implementation and a size, then drives real input (keys, wheel) through Playwright and reads
 * the timings the page takes with `event.timeStamp`, `requestAnimationFrame` and `performance.now()`.
 *
 * "Painted" means: the DOM showed the expected state in a frame's animation callback, and a
 * (high-priority) task queued from that callback ran, i.e. after that frame was produced.
 */
import type { Dataset } from '../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../src/adapter/seed/generate.js';
import { reference } from './reference.js';
import type { RestTarget } from './impl/rest.js';
import type { Expected, FocusedRow, Impl, ImplFactory } from './impl/types.js';
import type { WritesOptions } from './writes.js';

export type ImplName = 'ours' | 'naive' | 'vaadin-items' | 'vaadin-provider' | 'rest';

const factories: Record<ImplName, () => Promise<ImplFactory>> = {
  ours: async () => (await import('./impl/ours.js')).createOurs,
  naive: async () => (await import('./impl/naive.js')).createNaive,
  'vaadin-items': async () => (await import('./impl/vaadin.js')).createVaadin('items'),
  'vaadin-provider': async () => (await import('./impl/vaadin.js')).createVaadin('provider'),
  rest: async () => {
    if (!restTarget) throw new Error('impl "rest" needs the `rest` option');
    return (await import('./impl/rest.js')).createRest(restTarget);
  },
};
let restTarget: RestTarget | undefined;

export interface SetupOptions {
  impl: ImplName;
  n: number;
  /** Every value the search field will hold during the typing session. */
  queries: string[];
  /**
   * What those queries show, from an earlier page on the same data (the same size): spares
   * working it out again.
   */
  expected?: [string, Expected][];
  /**
   * For impl `rest`: the server holding the data (seeded by bench/server.mjs). The page then
   * generates nothing and `expected` must be given.
   */
  rest?: RestTarget;
}

export interface SetupResult {
  generateMs: number;
  seedMs: number;
  firstRowsMs: number;
  /** The last record of the unfiltered list (the target of the jump). */
  last: Expected;
  /** What each query shows, for {@link SetupOptions.expected}. */
  expected: [string, Expected][];
}

interface Keystroke {
  value: string;
  timeStamp: number;
  latency?: number;
  done: Promise<void>;
}

const stage = document.querySelector<HTMLElement>('#stage')!;
const frame = () => new Promise<number>(resolve => requestAnimationFrame(resolve));
const task = () => new Promise<void>(resolve => setTimeout(resolve));

interface PostTask {
  postTask(callback: () => void, options: { priority: 'user-blocking' }): Promise<void>;
}
const scheduler = (globalThis as { scheduler?: PostTask }).scheduler;

/**
 * The first task after the current frame: a user-blocking one where the browser has
 * `scheduler.postTask`, so that the background tasks an implementation queued before (work in
 * slices, debouncing timers) do not count as the time to paint.
 */
const afterFrame = () =>
  scheduler ? scheduler.postTask(() => undefined, { priority: 'user-blocking' }) : task();

let impl: Impl | undefined;
let expected = new Map<string, Expected>();
const keystrokes: Keystroke[] = [];
let jumpStamp: number | undefined;

/** Resolves after the first frame in which `ready()` holds has been produced; rejects on timeout. */
async function paintedWhen(ready: () => boolean, timeout: number): Promise<void> {
  const until = performance.now() + timeout;
  for (;;) {
    await frame();
    if (ready()) return afterFrame();
    if (performance.now() > until) throw new Error('timed out');
  }
}

/** Generates the data and builds the implementation on it: "the data is ready". */
async function prepare(options: SetupOptions): Promise<Omit<SetupResult, 'firstRowsMs'>> {
  restTarget = options.rest;
  const factory = await factories[options.impl]();
  let started = performance.now();
  const remote = options.impl === 'rest';
  if (remote && !options.expected) throw new Error('impl "rest" needs `expected`');
  let data: Dataset | undefined = remote
    ? { contacts: [], companies: [], conversations: [] }
    : generateDataset({ contacts: options.n });
  const generateMs = performance.now() - started;
  expected = options.expected ? new Map(options.expected) : reference(data, options.queries);
  started = performance.now();
  impl = factory(data);
  data = undefined;
  const seedMs = performance.now() - started;
  document.addEventListener('input', onInput, true);
  document.addEventListener('keydown', onKeyDown, true);
  return { generateMs, seedMs, last: expected.get('\u0000last')!, expected: [...expected] };
}

/** Mounts the implementation; ms until its first rows are painted. */
async function mount(): Promise<number> {
  const started = performance.now();
  const all = expected.get('')!;
  impl!.mount(stage);
  await paintedWhen(() => impl!.shows(all), 60_000);
  return performance.now() - started;
}

async function setup(options: SetupOptions): Promise<SetupResult> {
  const prepared = await prepare(options);
  return { ...prepared, firstRowsMs: await mount() };
}

function onInput(event: Event): void {
  const field = event.composedPath()[0];
  if (!(field instanceof HTMLInputElement)) return;
  const value = field.value;
  const want = expected.get(value);
  const entry: Keystroke = { value, timeStamp: event.timeStamp, done: Promise.resolve() };
  if (!want) throw new Error(`No expected result for ${JSON.stringify(value)}`);
  entry.done = paintedWhen(() => impl!.shows(want), 30_000).then(() => {
    entry.latency = performance.now() - entry.timeStamp;
  });
  keystrokes.push(entry);
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.key === 'End') jumpStamp = event.timeStamp;
}

/** Nodes in the stage, shadow trees included. */
function countNodes(root: Node): number {
  let count = 0;
  const walk = (node: Node) => {
    count++;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(root);
  return count - 1;
}

let frameTimes: number[] = [];
let recording = false;

async function recordFrames(): Promise<void> {
  frameTimes = [];
  recording = true;
  let previous = await frame();
  while (recording) {
    const now = await frame();
    frameTimes.push(now - previous);
    previous = now;
  }
}

const api = {
  setup,
  /** {@link setup} in two steps, for profiling one of them. */
  prepare,
  mount,
  /** How many input events have arrived so far. */
  inputCount: () => keystrokes.length,
  /** Waits until the `count`-th input's results are painted; its latency in ms, or null. */
  async keystroke(count: number, timeout: number): Promise<number | null> {
    const until = performance.now() + timeout;
    while (keystrokes.length < count) {
      if (performance.now() > until) return null;
      await task();
    }
    const entry = keystrokes[count - 1]!;
    try {
      await entry.done;
    } catch {
      return null;
    }
    return entry.latency ?? null;
  },
  focusSearch: () => impl?.searchField()?.focus(),
  focusList: () => impl?.focusList(),
  jumpKey: () => impl?.jumpKey ?? 'End',
  /** Waits until the last record is focused and painted; ms from the End keydown. */
  async jump(timeout: number): Promise<{ ms: number | null; row?: FocusedRow }> {
    const last = expected.get('\u0000last')!;
    let row: FocusedRow | undefined;
    const reached = () => {
      row = impl?.focusedRow();
      return !!row && row.position === last.total && row.name === last.first && row.visible;
    };
    try {
      await paintedWhen(reached, timeout);
      return { ms: jumpStamp === undefined ? null : performance.now() - jumpStamp, row };
    } catch {
      return { ms: null, row: impl?.focusedRow() };
    }
  },
  /** The centre of the scrolling list, for the wheel. */
  scrollerCentre() {
    const box = impl?.scroller()?.getBoundingClientRect();
    return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : null;
  },
  scrollTop: () => impl?.scroller()?.scrollTop ?? 0,
  startFrames: () => void recordFrames(),
  async stopFrames(): Promise<number[]> {
    recording = false;
    await frame();
    return frameTimes;
  },
  domNodes: () => countNodes(stage),
  /** Merge and restore latency in the in-memory adapter (bench/writes.ts), on its own data. */
  writes: async (options: WritesOptions) => (await import('./writes.js')).measureWrites(options),
  settle: async () => {
    for (let i = 0; i < 3; i++) await frame();
    await task();
  },
};

declare global {
  interface Window {
    bench: typeof api;
    gc?: () => void;
  }
}

window.bench = api;
document.documentElement.dataset.ready = '';
