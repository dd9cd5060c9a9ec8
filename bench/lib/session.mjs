// The typing session both browser benchmarks type (bench/run.mjs in the page's own adapter,
// bench/server.mjs over REST): words typed and backspaced away, so that both narrowing (typing on)
// and widening (backspace) are measured, with a name, a surname and phone digits. The smoke run
// types less.

/** Fastest typing: ms from one key press to the next (10 characters a second). */
export const KEY_INTERVAL = 100;

/** The keys of the session (Playwright names for Backspace; ' ' is pressed as Space). */
export function sessionKeys(smoke) {
  return smoke
    ? [...'mar', ...Array(3).fill('Backspace')]
    : [
        ...'maria sil',
        ...Array(9).fill('Backspace'),
        ...'gon',
        ...Array(3).fill('Backspace'),
        ...'987',
        ...Array(3).fill('Backspace'),
      ];
}

/** The values the search field takes during the session. */
export function sessionValues(keys) {
  const values = [];
  let text = '';
  for (const key of keys) {
    text = key === 'Backspace' ? text.slice(0, -1) : text + key;
    values.push(text);
  }
  return values;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Types the session into the page's search field, at most as fast as a fast typist (a key every
 * KEY_INTERVAL ms), and never before the previous key's results were painted (each key is measured
 * on its own, even where answers are slow). Resolves to each key's ms to painted (null: never).
 */
export async function typeSession(page, keys) {
  const bench = (fn, arg) => page.evaluate(fn, arg);
  await bench(() => window.bench.focusSearch());
  const latencies = [];
  let pressed = 0;
  for (const key of keys) {
    await sleep(Math.max(30, pressed + KEY_INTERVAL - Date.now()));
    const count = (await bench(() => window.bench.inputCount())) + 1;
    pressed = Date.now();
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    latencies.push(await bench(c => window.bench.keystroke(c, 30_000), count));
  }
  return latencies;
}
