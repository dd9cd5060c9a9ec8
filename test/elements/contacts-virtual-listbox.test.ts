import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-virtual-listbox/define.js';

import type {
  ContactsVirtualListbox,
  ListboxActivateEvent,
  ListboxOption,
  ListboxSeek,
} from '../../src/elements/contacts-virtual-listbox/contacts-virtual-listbox.js';
import { getByRole, nameOf, queryAllByRole, waitFor } from '../helpers/queries.js';

// The host styles the options (they live in its tree); this page stands in for the panel.
const ROW_STYLES = `
  .probe-list { block-size: 240px; }
  .probe-list .row { position: absolute; inset-inline: 0; block-size: 40px; }
`;

/** Option `index` reads "Name <index>"; the third one is selected. */
const nameOption = (index: number): ListboxOption => ({
  selected: index === 2,
  loading: false,
  content: `Name ${index}`,
});

async function mount(total: number, seek?: ListboxSeek) {
  const activated: number[] = [];
  const wanted: [number, number][] = [];
  const wrapper = await fixture<HTMLDivElement>(
    html`<div>
      <style>
        ${ROW_STYLES}
      </style>
      <contacts-virtual-listbox
        class="probe-list"
        aria-label="Names"
        .total=${total}
        .renderOption=${nameOption}
        .requestRows=${(start: number, end: number) => wanted.push([start, end])}
        .selectedNear=${() => 2}
        .seek=${seek}
        @contacts-listbox-activate=${(event: ListboxActivateEvent) => activated.push(event.index)}
      ></contacts-virtual-listbox>
    </div>`,
  );
  const el = wrapper.querySelector<ContactsVirtualListbox>('contacts-virtual-listbox')!;
  await el.updateComplete;
  const list = getByRole(wrapper, 'listbox', { name: 'Names' });
  return { el, list, activated, wanted };
}

function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  return id ? list.querySelector<HTMLElement>(`#${id}`) : null;
}

describe('<contacts-virtual-listbox>', () => {
  it('is a focusable listbox whose options sit in its own tree, a window of them at a time', async () => {
    const { el, list, wanted } = await mount(10_000);
    expect(list).to.equal(el);
    expect(list.tabIndex).to.equal(0);
    const options = queryAllByRole(list, 'option');
    expect(options.length).to.be.within(5, 30);
    expect(nameOf(options[0]!)).to.equal('Name 0');
    expect(options[0]!.getAttribute('aria-setsize')).to.equal('10000');
    expect(options[2]!.getAttribute('aria-selected')).to.equal('true');
    expect(options[2]!.getAttribute('part')).to.equal('row row-selected');
    expect(wanted.at(-1)![0]).to.equal(0);
  });

  it('starts on the selected option in view, moves with the keys and fires activate', async () => {
    const { list, activated } = await mount(500);
    list.focus();
    await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '3');
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => nameOf(activeOption(list)!) === 'Name 3');
    await sendKeys({ press: 'End' });
    await waitFor(() => nameOf(activeOption(list)!) === 'Name 499');
    await sendKeys({ press: 'Home' });
    await waitFor(() => nameOf(activeOption(list)!) === 'Name 0');
    await sendKeys({ press: 'Enter' });
    expect(activated).to.deep.equal([0]);
    (queryAllByRole(list, 'option')[4] as HTMLElement).click();
    expect(activated).to.deep.equal([0, 4]);
  });

  it('asks the host where type-ahead goes and moves there', async () => {
    const typed: string[] = [];
    const seek: ListboxSeek = async text => {
      typed.push(text);
      return text === 'ab' ? 321 : undefined;
    };
    const { list } = await mount(1_000, seek);
    list.focus();
    await sendKeys({ type: 'ab' });
    await waitFor(() => nameOf(activeOption(list) ?? list) === 'Name 321');
    expect(typed).to.deep.equal(['a', 'ab']);
  });

  it('scrolls to a new position object and records where it was left', async () => {
    const { el } = await mount(1_000);
    el.position = { active: -1, scrollTop: 4_000 };
    await el.updateComplete;
    expect(el.scrollTop).to.equal(4_000);
    const kept = el.position;
    el.scrollTop = 1_000;
    el.keepPosition();
    expect(kept.scrollTop).to.equal(1_000);
  });
});
