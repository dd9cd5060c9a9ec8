// Builds the demo host app (demo/index.html) with Vite, serves the build with a strict
// Content-Security-Policy (scripts/lib/csp.mjs), and drives every flow of the product
// description in headless Chromium, counting securitypolicyviolation events. Three times: on the
// demo's default path, the REST adapter against the reference server (server/, on PGlite in a
// throwaway folder, seeded as `npm start` seeds it) behind a same-origin `/api` proxy, under
// exactly STRICT_CSP (its `default-src 'self'` covers the API calls and the change stream); on
// the in-memory adapter (`?api=memory`) under exactly STRICT_CSP; and on the REST adapter over the
// msw mock API (`?api=rest`), which also needs the `default` Trusted Types policy name for msw's
// service worker URL (the test host installs a policy that allows that URL and nothing else).
//
//   node scripts/csp-demo.mjs [--no-build]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';

import { launchOptions } from './lib/chromium.mjs';
import {
  MSW_TRUSTED_TYPES_POLICY,
  STRICT_CSP,
  STRICT_CSP_WITH_MOCK_API,
  prependScript,
  recordViolations,
} from './lib/csp.mjs';
import { startDemoServer } from './lib/demo-server.mjs';
import { serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules/.cache: ignored by git, ESLint and Prettier alike.
const OUT = resolve(root, 'node_modules/.cache/csp-demo');
const STEP_TIMEOUT = 15_000;
const started = Date.now();

if (!process.argv.includes('--no-build')) {
  await build({
    configFile: false,
    root: resolve(root, 'demo'),
    base: './',
    publicDir: resolve(root, 'public'),
    logLevel: 'warn',
    build: {
      outDir: OUT,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: { input: resolve(root, 'demo/index.html') },
    },
  });
  console.log(`Built the demo into ${OUT} in ${Date.now() - started} ms`);
}

const browser = await chromium.launch(launchOptions());

/** The flows, in the order an agent would meet them; each returns once its outcome shows. */
const FLOWS = [
  [
    'home: Serve users → Contacts',
    async page => {
      await page.getByRole('main').getByRole('link', { name: 'Contacts' }).click();
      await panelOf(page)
        .getByRole('listbox', { name: 'Contacts' })
        .getByRole('option')
        .first()
        .waitFor();
    },
  ],
  [
    'scroll the list: virtualized rows are positioned (inline styles through the CSSOM)',
    async page => {
      const list = panelOf(page).getByRole('listbox', { name: 'Contacts' });
      await list.evaluate(element => (element.scrollTop = 2000));
      await page.waitForTimeout(200);
      const tops = await list.evaluate(element =>
        [...element.querySelectorAll('[role="option"]')]
          .sort((a, b) => Number(a.ariaPosInSet) - Number(b.ariaPosInSet))
          .map(option => option.getBoundingClientRect().top),
      );
      if (tops.length < 5 || tops.some((top, i) => i > 0 && top <= tops[i - 1])) {
        throw new Error(`rows overlap after scrolling: ${tops.map(Math.round).join(', ')}`);
      }
      await list.evaluate(element => (element.scrollTop = 0));
    },
  ],
  [
    'search contacts',
    async page => {
      const panel = panelOf(page);
      const search = panel.getByRole('searchbox', { name: 'Search contacts' });
      await search.fill('ma');
      await panel
        .getByRole('status')
        .filter({ hasText: /contacts?|No contacts/ })
        .first()
        .waitFor();
      await search.fill('');
      await panel.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first().waitFor();
    },
  ],
  [
    'select a contact',
    async page => {
      const panel = panelOf(page);
      await panel.getByRole('listbox', { name: 'Contacts' }).getByRole('option').nth(2).click();
      await panel.getByRole('button', { name: 'Edit', exact: true }).waitFor();
      await panel.getByRole('region', { name: 'Recent conversations' }).waitFor();
    },
  ],
  [
    'create: refused without email or phone, then saved',
    async page => {
      const panel = panelOf(page);
      await panel.getByRole('button', { name: 'New contact' }).click();
      const dialog = panel.getByRole('dialog', { name: 'New contact' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Csp Check');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'email address or a phone number' })
        .waitFor();
      await dialog.getByRole('textbox', { name: 'Email' }).fill('csp.check@example.com');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByRole('heading', { name: 'Csp Check' }).waitFor();
    },
  ],
  [
    'edit the contact',
    async page => {
      const panel = panelOf(page);
      await panel.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = panel.getByRole('dialog', { name: 'Edit contact' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Csp Check Edited');
      await dialog.getByRole('textbox', { name: 'Phone' }).fill('+55 11 91234-0000');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByRole('heading', { name: 'Csp Check Edited' }).waitFor();
    },
  ],
  [
    'start a conversation',
    async page => {
      const panel = panelOf(page);
      await panel.getByRole('button', { name: 'Start conversation' }).click();
      await panel.getByText(/Conversation started on/).waitFor();
    },
  ],
  [
    'companies: tab, search, select',
    async page => {
      const panel = panelOf(page);
      await panel.getByRole('tab', { name: 'Companies' }).click();
      const list = panel.getByRole('listbox', { name: 'Companies' });
      await list.getByRole('option').first().waitFor();
      await list.getByRole('option').first().click();
      await panel.getByRole('button', { name: 'Edit', exact: true }).waitFor();
      await panel.getByRole('tab', { name: 'Contacts' }).click();
    },
  ],
  [
    'menu: Conversations → Inbox; a conversation arrives on WhatsApp',
    async page => {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Inbox' })
        .click();
      await arrive(page, { channel: 'whatsapp', name: 'Csp Visitor', phone: '+55 11 97777-1234' });
      await sidebarOf(page).getByRole('heading', { name: 'Csp Visitor' }).waitFor();
    },
  ],
  [
    'sidebar: edit the conversation contact',
    async page => {
      const sidebar = sidebarOf(page);
      await sidebar.getByRole('button', { name: 'Edit contact' }).click();
      await sidebar.getByRole('textbox', { name: 'Name' }).fill('Csp Visitor Edited');
      await sidebar.getByRole('button', { name: 'Save' }).click();
      await sidebar.getByRole('heading', { name: 'Csp Visitor Edited' }).waitFor();
    },
  ],
  [
    'sidebar: webchat visitor, pending action, add contact information',
    async page => {
      await arrive(page, { channel: 'webchat', name: 'Csp Webchat' });
      const sidebar = sidebarOf(page);
      await sidebar.getByRole('heading', { name: 'Csp Webchat' }).waitFor();
      await sidebar.getByRole('button', { name: 'Add contact information' }).click();
      await sidebar.getByRole('textbox', { name: 'Email' }).fill('csp.webchat@example.com');
      await sidebar.getByRole('button', { name: 'Save' }).click();
      await sidebar.getByRole('link', { name: 'csp.webchat@example.com' }).waitFor();
    },
  ],
  [
    'sidebar: a webchat visitor gives the email of a WhatsApp contact; Merge into, then Undo',
    async page => {
      const sidebar = sidebarOf(page);
      await arrive(page, {
        channel: 'whatsapp',
        name: 'Csp Merge Ana',
        email: 'csp.merge@example.com',
        phone: '+55 11 95555-0101',
      });
      await sidebar.getByRole('heading', { name: 'Csp Merge Ana' }).waitFor();
      await arrive(page, { channel: 'webchat', name: 'Csp Merge Visitor' });
      await sidebar.getByRole('heading', { name: 'Csp Merge Visitor' }).waitFor();
      await sidebar.getByRole('button', { name: 'Add contact information' }).click();
      await sidebar.getByRole('textbox', { name: 'Email' }).fill('csp.merge@example.com');
      await sidebar.getByRole('button', { name: 'Merge into Csp Merge Ana' }).click();
      const dialog = sidebar.getByRole('dialog', { name: 'Merge contacts' });
      await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      // One contact: Ana, with the visitor's webchat conversation beside her WhatsApp one.
      await sidebar.getByRole('heading', { name: 'Csp Merge Ana' }).waitFor();
      const undo = sidebar.getByRole('status').getByRole('button', { name: 'Undo' });
      await undo.waitFor();
      // The moved conversation can reach the list through the change stream, which may still be
      // reconnecting on a loaded machine: this step waits longer than the others.
      const recent = sidebar.getByRole('list', { name: 'Recent conversations' });
      await recent
        .getByRole('listitem')
        .nth(1)
        .waitFor({ timeout: 3 * STEP_TIMEOUT });
      await undo.click();
      // Undo: the visitor is back, with the conversation.
      await sidebar.getByRole('heading', { name: 'Csp Merge Visitor' }).waitFor();
      await sidebar.getByRole('button', { name: 'Add contact information' }).waitFor();
    },
  ],
  [
    'sidebar: New contact and All contacts without leaving the page',
    async page => {
      const sidebar = sidebarOf(page);
      await sidebar.getByRole('button', { name: 'New contact' }).click();
      const created = sidebar.getByRole('dialog', { name: 'New contact' });
      await created.getByRole('textbox', { name: 'Name' }).fill('Csp From Sidebar');
      await created.getByRole('textbox', { name: 'Phone' }).fill('+55 11 96666-4321');
      await created.getByRole('button', { name: 'Save' }).click();
      await created.waitFor({ state: 'hidden' });
      await sidebar.getByRole('button', { name: 'All contacts' }).click();
      const all = sidebar.getByRole('dialog', { name: 'All contacts' });
      await all.getByRole('searchbox', { name: 'Search contacts' }).fill('Csp From');
      await all.getByRole('option').first().click();
      await all.getByRole('heading', { name: 'Csp From Sidebar' }).waitFor();
      await all.getByRole('button', { name: 'Close' }).first().click();
      await all.waitFor({ state: 'hidden' });
    },
  ],
];

function panelOf(page) {
  return page.locator('main contacts-panel');
}

function sidebarOf(page) {
  return page.locator('conversation-contact-sidebar').first();
}

/** Fills the demo's "Simulate incoming conversation" form. */
async function arrive(page, { channel, name, email = '', phone = '' }) {
  const form = page.getByRole('group', { name: 'Simulate incoming conversation' });
  await form.getByRole('combobox', { name: 'Channel' }).selectOption(channel);
  await form.getByRole('textbox', { name: 'Display name' }).fill(name);
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('textbox', { name: 'Phone' }).fill(phone);
  await form.getByRole('button', { name: 'Simulate incoming conversation' }).click();
}

async function run(name, { query, note, csp, html, handle }) {
  const server = await serveStatic(OUT, {
    headers: { 'Content-Security-Policy': csp },
    files: { '/__csp__/msw-policy.js': MSW_TRUSTED_TYPES_POLICY },
    html,
    handle,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors = [];
  page.on('pageerror', error => errors.push(`page error: ${error.message.split('\n')[0]}`));
  await page.addInitScript(recordViolations);
  console.log(`\n${name}\n  ${csp}`);
  let failed = 0;
  let seen = 0;
  try {
    await page.goto(`${server.url}/index.html${query}#/home`);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    // The page says which data it runs on, so a run cannot silently fall back to another.
    await page.locator('#data-note', { hasText: note }).waitFor();
    for (const [flow, drive] of FLOWS) {
      const t0 = Date.now();
      let outcome = 'ok  ';
      try {
        await drive(page);
      } catch (error) {
        outcome = 'FAIL';
        failed++;
        errors.push(`${flow}: ${String(error.message ?? error).split('\n')[0]}`);
      }
      const violations = await page.evaluate(() => window.__cspViolations);
      const fresh = violations.slice(seen);
      seen = violations.length;
      if (fresh.length) outcome = 'FAIL';
      console.log(`${outcome} ${flow} (${Date.now() - t0} ms, ${fresh.length} violations)`);
      for (const v of fresh.slice(0, 5)) {
        console.log(`       ${v.directive} ${v.blocked} at ${v.source} ${v.sample ?? ''}`);
      }
      if (fresh.length > 5) console.log(`       … and ${fresh.length - 5} more`);
    }
  } finally {
    for (const error of errors) console.log(`       ${error}`);
    await page.close();
    await server.close();
  }
  return {
    violations: seen,
    failed: failed + errors.filter(e => e.startsWith('page error')).length,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'contacts-csp-demo-'));
const demoServer = await startDemoServer({ dataDir });
const results = [
  await run('Reference server (PGlite) through the REST adapter', {
    query: '',
    note: 'reference server (PGlite) · REST adapter',
    csp: STRICT_CSP,
    handle: demoServer.proxy,
  }),
  await run('In-memory adapter', {
    query: '?api=memory',
    note: 'in-memory adapter',
    csp: STRICT_CSP,
  }),
  await run('REST adapter over the msw mock API', {
    query: '?api=rest',
    note: 'REST adapter over a mock API',
    csp: STRICT_CSP_WITH_MOCK_API,
    html: source => prependScript(source, '/__csp__/msw-policy.js'),
  }),
];
await browser.close();
await demoServer.close();
rmSync(dataDir, { recursive: true, force: true });

const violations = results.reduce((sum, r) => sum + r.violations, 0);
const failures = results.reduce((sum, r) => sum + r.failed, 0);
console.log(
  `\nDemo under CSP: ${results.length} runs x ${FLOWS.length} flows, ${violations} violations, ` +
    `${failures} failures, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(violations || failures ? 1 : 0);
