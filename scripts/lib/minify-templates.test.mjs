// `node --test scripts/lib/minify-templates.test.mjs`: what the template minifier may and may not
// change in the package build.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { minifyCss, minifyHtml, minifyTemplates } from './minify-templates.mjs';

test('CSS loses comments and optional white space, keeps quoted text and calc() spaces', () => {
  const source = `
    /* a note, with an apostrophe: don't */
    .a, .b > .c {
      content: '!  ,  ;' / '';
      inline-size: calc(100% - 2rem);
    }
  `;
  assert.equal(
    minifyCss(source),
    " .a,.b > .c{content:'!  ,  ;' / '';inline-size:calc(100% - 2rem)}",
  );
});

test('HTML white space with a line break becomes one space; spaces within a line stay', () => {
  assert.equal(
    minifyHtml('<p>\n      <b>a</b>  <i>b</i>\n    </p>'),
    '<p> <b>a</b>  <i>b</i> </p>',
  );
});

test('only the static text of html, svg and css templates changes; bindings stay as written', () => {
  const code = [
    'const style = css`',
    '  .x {',
    '    color: ${unsafeCSS("  red  ")};',
    '  }',
    '`;',
    'const view = html`<ul>',
    '  ${items.map(item => html`<li>',
    '    ${item}',
    '  </li>`)}',
    '</ul>`;',
    'const other = tag`  keep   \n  this  `;',
  ].join('\n');
  const out = minifyTemplates(code)?.code;
  assert.equal(
    out,
    [
      'const style = css` .x{color:${unsafeCSS("  red  ")}}`;',
      'const view = html`<ul> ${items.map(item => html`<li> ${item} </li>`)} </ul>`;',
      'const other = tag`  keep   \n  this  `;',
    ].join('\n'),
  );
});

test('the template literal given to unsafeCSS is minified as CSS; other arguments stay', () => {
  const code = [
    'const a = unsafeCSS(`',
    '  :host {',
    '    container: x / inline-size;',
    '  }',
    '`);',
    "const b = unsafeCSS(':host {  color: red; }');",
    'const c = unsafeCSS(`  ${d}  `);',
  ].join('\n');
  assert.equal(
    minifyTemplates(code)?.code,
    [
      'const a = unsafeCSS(` :host{container:x / inline-size}`);',
      "const b = unsafeCSS(':host {  color: red; }');",
      'const c = unsafeCSS(`  ${d}  `);',
    ].join('\n'),
  );
});

test('a module without templates is left alone', () => {
  assert.equal(minifyTemplates('export const n = 1;'), null);
  assert.equal(minifyTemplates('const t = html`<b>x</b>`;'), null);
});
