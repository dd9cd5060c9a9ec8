// The one Chromium every browser check launches (web-test-runner, the story and demo checks, the
// benchmark): the system build, headless, with the same flags everywhere.

/** CHROME_PATH, or Debian's package (scripts/ensure-chromium.mjs installs it when missing). */
export const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** No sandbox or GPU in containers; no background traffic, updates or first-run UI to wait on. */
export const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** playwright-core `chromium.launch()` options, with `extraFlags` after the shared ones. */
export function launchOptions(extraFlags = []) {
  return { executablePath, headless: true, args: [...flags, ...extraFlags] };
}
