// Loads the host examples in headless Chromium and checks that each renders a working panel from
// the BUILT package (run `npm run build` first):
//   demo/plain/  no build step: dist/ and node_modules as native modules through an import map,
//                served as static files, so a bare import the map lacks fails the check;
//   demo/react/  React 19 through Vite's dev server, the package resolved by its name;
//   demo/vue/    Vue 3 (template compiled in the browser) the same way.
// Each page must show the panel's tabs and rows, answer a click on a row with the host's own
// event handler, and log no error. Then the demo host app (demo/) as `npm start` runs it: the
// reference server on PGlite behind Vite's `/api` (a fresh data folder, seeded on start), two
// tabs on it, an edit in one shown live in the other (the REST adapter's change stream).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

import { launchOptions } from './lib/chromium.mjs';
import { DEMO_SERVER } from './lib/demo-server.mjs';
import { serveStatic } from './static-server.mjs';

if (!existsSync('dist/index.js')) {
  console.error('No dist/: run "npm run build" first.');
  process.exit(1);
}

const started = Date.now();
const browser = await chromium.launch(launchOptions());

async function check(name, url, verify) {
  const t0 = Date.now();
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', request => problems.push(`request failed: ${request.url()}`));
  page.on('response', response => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  try {
    await page.goto(url);
    const panel = page.locator('contacts-panel').first();
    await panel.getByRole('tab', { name: 'Contacts' }).waitFor({ timeout: 15_000 });
    const list = panel.getByRole('listbox', { name: 'Contacts' });
    await list.getByRole('option').first().waitFor({ timeout: 15_000 });
    await verify(page, panel);
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  } finally {
    await page.close();
  }
  const ms = Date.now() - t0;
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name} (${ms} ms)`);
  for (const problem of problems) console.log(`       ${problem}`);
  return problems.length === 0;
}

const statics = await serveStatic('.');
// The Vite config's plugin starts the demo's reference server; here on a throwaway folder.
const dataDir = mkdtempSync(join(tmpdir(), 'contacts-demo-'));
process.env.CONTACTS_DEMO_DATA_DIR = dataDir;
const vite = await createServer({
  configFile: 'vite.config.ts',
  logLevel: 'error',
  server: { port: 0, open: false, hmr: false },
});
await vite.listen();
const viteUrl = vite.resolvedUrls.local[0].replace(/\/$/, '');

/** The React and Vue hosts: a panel and a sidebar sharing one adapter property, events to the host. */
async function frameworkHost(page, panel) {
  await panel.getByRole('option').first().click();
  await page.locator('#selected', { hasText: /^contact / }).waitFor({ timeout: 5000 });
  const sidebar = page.locator('conversation-contact-sidebar');
  await sidebar.getByRole('heading', { name: 'Helena Prado' }).waitFor({ timeout: 5000 });
  await page.locator('#resolved', { hasText: 'Helena Prado' }).waitFor({ timeout: 5000 });
}

/**
 * Two tabs of the demo on the reference server: a contact renamed in one shows in the other's
 * list without a reload. The new name sorts first, so it is in view in the name-ordered list.
 */
async function twoTabs() {
  const t0 = Date.now();
  const problems = [];
  // The API answers once the server has started and seeded (the proxy waits for it).
  const ready = await fetch(`${viteUrl}${DEMO_SERVER.apiBase}/contacts?limit=1`, {
    headers: { Authorization: `Bearer ${DEMO_SERVER.token}` },
  });
  if (!ready.ok) problems.push(`the demo API answered ${ready.status}: ${await ready.text()}`);
  const pages = [await browser.newPage(), await browser.newPage()];
  for (const page of pages) {
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    page.on('console', message => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('response', response => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
  }
  try {
    const lists = [];
    for (const page of pages) {
      await page.goto(`${viteUrl}/demo/#/contacts`);
      await page
        .locator('#data-note', { hasText: 'reference server (PGlite)' })
        .waitFor({ timeout: 15_000 });
      const list = page.locator('main contacts-panel').getByRole('listbox', { name: 'Contacts' });
      await list.getByRole('option').first().waitFor({ timeout: 15_000 });
      lists.push(list);
    }
    const [editor, watcher] = pages;
    const panel = editor.locator('main contacts-panel');
    await lists[0].getByRole('option').nth(3).click();
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = panel.getByRole('dialog', { name: 'Edit contact' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Aaaa Live Edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    await lists[1]
      .getByRole('option')
      .filter({ hasText: 'Aaaa Live Edit' })
      .waitFor({ timeout: 10_000 });
    if (watcher.url() !== `${viteUrl}/demo/#/contacts`) problems.push('the other tab navigated');
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  } finally {
    for (const page of pages) await page.close();
  }
  console.log(
    `${problems.length ? 'FAIL' : 'ok  '} demo/ on the reference server: an edit in one tab shows ` +
      `live in another (${Date.now() - t0} ms)`,
  );
  for (const problem of problems) console.log(`       ${problem}`);
  return problems.length === 0;
}

const results = [
  await check(
    'demo/plain (import map, static files)',
    `${statics.url}/demo/plain/`,
    async (page, panel) => {
      await panel.getByRole('option').first().click();
      await page.locator('#last-event', { hasText: 'contacts-select' }).waitFor({ timeout: 5000 });
      // Switching <html lang> at runtime loads Portuguese and re-renders.
      await page.selectOption('#lang', 'pt-BR');
      await panel.getByRole('tab', { name: 'Empresas' }).waitFor({ timeout: 5000 });
    },
  ),
  await check('demo/react (React 19, Vite)', `${viteUrl}/demo/react/`, frameworkHost),
  await check('demo/vue (Vue 3, Vite)', `${viteUrl}/demo/vue/`, frameworkHost),
  await twoTabs(),
];

await browser.close();
await vite.close();
await statics.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`\nDemos checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.every(Boolean) ? 0 : 1);
