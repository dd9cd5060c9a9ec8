import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';

import '../../src/elements/contact-detail/define.js';

import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import { findByRole } from '../helpers/queries.js';
import { ANA, makeAdapter } from '../elements/contacts-fixtures.js';

const LIGHT_SURFACE = 'rgb(255, 255, 255)';
const DARK_SURFACE = 'rgb(22, 24, 28)';

function surface(el: Element): string {
  return getComputedStyle(el).backgroundColor;
}

/** The detail with its edit dialog open, so the nested form element is rendered too. */
async function detailIn(style: string) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div class="theme-test">
      <style>
        ${style}
      </style>
      <contact-detail .adapter=${makeAdapter()} contact-id=${ANA.id}></contact-detail>
    </div>`,
  );
  const el = wrapper.querySelector<ContactDetail>('contact-detail')!;
  await findByRole(el, 'heading', { name: 'Ana Souza' });
  await el.edit();
  const form = el.shadowRoot!.querySelector('contacts-contact-form')!;
  const input = await findByRole(el, 'textbox', { name: 'Name' });
  return { el, form, input };
}

describe('theming', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows the system scheme by default, nested elements included', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { el, input } = await detailIn('');
    expect(surface(el)).to.equal(LIGHT_SURFACE);
    await emulateMedia({ colorScheme: 'dark' });
    expect(surface(el)).to.equal(DARK_SURFACE);
    expect(getComputedStyle(input).backgroundColor).to.equal(DARK_SURFACE);
  });

  it('forces dark from any ancestor with --contacts-color-scheme, reaching nested shadow roots', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { el, form, input } = await detailIn('.theme-test { --contacts-color-scheme: dark; }');
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    expect(getComputedStyle(form).colorScheme).to.equal('dark');
    expect(surface(el)).to.equal(DARK_SURFACE);
    expect(getComputedStyle(input).backgroundColor).to.equal(DARK_SURFACE);
  });

  it('forces light on a dark system', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { el, input } = await detailIn('.theme-test { --contacts-color-scheme: light; }');
    expect(surface(el)).to.equal(LIGHT_SURFACE);
    expect(getComputedStyle(input).backgroundColor).to.equal(LIGHT_SURFACE);
  });

  it('lets a host token win in both schemes, and take a light-dark() pair', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { el, input } = await detailIn(
      `.theme-test {
        --contacts-color-surface: rgb(1, 2, 3);
        --contacts-color-text: light-dark(rgb(10, 10, 10), rgb(240, 240, 240));
      }`,
    );
    expect(surface(el)).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(input).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(el).color).to.equal('rgb(240, 240, 240)');
    await emulateMedia({ colorScheme: 'light' });
    expect(surface(el)).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(el).color).to.equal('rgb(10, 10, 10)');
  });

  it('mirrors in a right-to-left container', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div dir="rtl" lang="ar">
        <contact-detail .adapter=${makeAdapter()} contact-id=${ANA.id}></contact-detail>
      </div>`,
    );
    const el = wrapper.querySelector<ContactDetail>('contact-detail')!;
    const heading = await findByRole(el, 'heading', { name: 'Ana Souza' });
    const avatar = el.shadowRoot!.querySelector('[part~="avatar"]')!;
    // The avatar leads the name: on the right in a right-to-left layout.
    expect(avatar.getBoundingClientRect().left).to.be.greaterThan(
      heading.getBoundingClientRect().left,
    );
  });
});
