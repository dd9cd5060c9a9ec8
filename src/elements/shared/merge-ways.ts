/**
 * The ways into a merge, loaded only for an adapter that merges (`mergeContacts`), so no first
 * paint carries them: the merge dialog (`<contacts-contact-merge>`), "Merge with…" and "Possible
 * duplicates" for the detail, "Merge into …" from a contact form the host renders (the form's
 * internal `contacts-merge-into`), and following the shown contact when it is merged, here or
 * elsewhere.
 *
 * The host hands over as little as it can, so the code that creates this in its first paint stays
 * short: its `adapter` property and the adapter from context are resolved here again, the dialog
 * and a polite live region are appended to its shadow root (outside what it renders, so they
 * outlive a change of the contact shown while a merge runs), and focus falls back to its
 * `#heading`.
 */
import { type LitElement, type ReactiveController, css, html, nothing } from 'lit';

import type { ContactsAdapter, ContactsChange, MergeChoices } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import type { ContactsMergedEvent } from '../../events/contacts-merged.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import { addMergeStrings } from '../../i18n/en/merge.js';
import type { Translation } from '../../i18n/translation.js';
import { isPossibleDuplicate } from '../../model/matching.js';
import type { Contact } from '../../model/types.js';
import { ContactMerge } from '../contact-merge/contact-merge.js';
import '../contact-merge/define.js';
import type { MergeIntoEvent } from './form-kit.js';
import { fillSheet, lazySheet } from './lazy-sheet.js';
import { displayName } from './record-view.js';

// This part shows strings a first paint leaves out.
addLaterStrings();
addMergeStrings();

/**
 * The look of "Merge with…" and "Possible duplicates", adopted by the host when this loads (a
 * constructed sheet: no inline styles under a strict CSP). The host's own rules still win.
 */
const waysSheet = lazySheet();
const waysStyles = css`
  .merge-ways {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space, 0.5rem);
  }

  .duplicate-list {
    display: grid;
    gap: var(--_space, 0.5rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .duplicate {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space, 0.5rem);
    overflow-wrap: anywhere;
  }
`;

/** How many contacts of the same name "Possible duplicates" looks through. */
const DUPLICATE_CANDIDATES = 20;

/** An element that shows one contact: `<contact-detail>` or `<conversation-contact-sidebar>`. */
export type MergeHost = LitElement & { adapter?: ContactsAdapter | undefined; contactId?: string };

export interface MergeWaysOptions {
  /** The contact the host shows. Default: the one last passed to `ways()`. */
  contact?: () => Contact | undefined;
  /**
   * Shows contact `id` instead of the one shown, which was merged into it: `merged` after the
   * agent's merge here, undefined after a merge elsewhere (which this already announced).
   * Default: sets the host's `contactId`.
   */
  follow?: (id: string, merged?: Contact) => void;
}

export class MergeWays implements ReactiveController {
  private readonly host: MergeHost;
  private readonly options: MergeWaysOptions;
  private readonly adapters: AdapterController;
  private readonly localize: LocalizeController;
  private readonly dialog = new ContactMerge();
  private readonly live = document.createElement('div');
  /** The contact `ways()` last rendered. */
  private rendered?: Contact;
  /** Resolves once `ways()` renders the contact named, after a merge. */
  private shownWaiter?: { id: string; resolve: () => void };
  /** The contact "Possible duplicates" was looked up for, as its id and the values it used. */
  private checked?: string;
  private lookup?: AbortController;
  private duplicates: Contact[] = [];
  /** The id of the contact `duplicates` belong to. */
  private duplicatesOf?: string;
  /** The merged contact the host was asked to show, until the dialog settles. */
  private pendingFollow?: string;

  constructor(host: MergeHost, options: MergeWaysOptions = {}) {
    this.host = host;
    this.options = options;
    this.adapters = new AdapterController(host, { onChange: this.onChange });
    this.adapters.setExplicit(host.adapter);
    this.localize = new LocalizeController(host);
    this.live.className = 'visually-hidden';
    this.live.setAttribute('role', 'status');
    this.dialog.setAttribute('exportparts', 'dialog: merge-dialog');
    this.dialog.fallback = () => host.renderRoot.querySelector<HTMLElement>('#heading');
    this.dialog.settle = () => this.settle();
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.renderRoot;
    if (root instanceof ShadowRoot && !root.adoptedStyleSheets.includes(waysSheet)) {
      fillSheet(waysSheet, waysStyles);
      root.adoptedStyleSheets = [waysSheet, ...root.adoptedStyleSheets];
    }
    // After the host's own template, which Lit keeps in place: these outlive what it renders.
    root.append(this.dialog, this.live);
    this.host.addEventListener('contacts-merged', this.onMerged);
    root.addEventListener('contacts-merge-into', this.onMergeInto);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('contacts-merged', this.onMerged);
    this.host.renderRoot.removeEventListener('contacts-merge-into', this.onMergeInto);
    this.lookup?.abort();
    this.checked = undefined;
  }

  hostUpdate(): void {
    this.adapters.setExplicit(this.host.adapter);
    this.dialog.adapter = this.adapters.adapter;
  }

  hostUpdated(): void {
    const waiter = this.shownWaiter;
    // The detail waits for the merged contact, unless it shows something else than a placeholder.
    const waiting =
      !this.options.contact &&
      this.rendered?.id !== waiter?.id &&
      this.host.renderRoot.querySelector('[part~=skeleton]');
    if (waiter && !waiting) {
      this.shownWaiter = undefined;
      waiter.resolve();
    }
    if (this.options.contact) return;
    // "Possible duplicates" looks again once the detail's contact has painted, when it changed.
    const contact = this.rendered;
    const key = contact && [contact.id, contact.name, contact.email, contact.phone].join('\n');
    if (key !== this.checked) {
      this.checked = key;
      this.findDuplicates(contact);
    }
  }

  /**
   * The detail's ways in, for `contact`: "Merge with…", which opens the picker, and "Possible
   * duplicates", each with "Compare and merge" (none: no section). Nothing when the adapter
   * cannot merge.
   */
  ways(t: Translation, contact: Contact) {
    this.rendered = contact;
    if (!this.adapters.adapter?.mergeContacts) return nothing;
    return html`<div class="merge-ways" part="merge">
        <button id="merge-with" type="button" @click=${() => void this.dialog.pick(contact)}>
          ${t.detail.mergeWith}
        </button>
      </div>
      ${this.section(t, contact)}`;
  }

  private section(t: Translation, contact: Contact) {
    const found = this.duplicates;
    if (contact.id !== this.duplicatesOf || !found.length) return nothing;
    return html`<section
      class="section duplicates"
      part="duplicates"
      aria-labelledby="duplicates-heading"
    >
      <h3 id="duplicates-heading">${t.detail.possibleDuplicates}</h3>
      <ul class="duplicate-list">
        ${found.map(
          other =>
            html`<li class="duplicate">
              <span id="duplicate-${other.id}" dir="auto"
                >${displayName(other.name, t.detail.unnamedContact)}
                <span class="muted" dir="ltr">${other.email ?? other.phone ?? ''}</span></span
              >
              <button
                type="button"
                aria-describedby="duplicate-${other.id}"
                @click=${() => this.compare(contact, other)}
              >
                ${t.detail.compareAndMerge}
              </button>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private shown(): Contact | undefined {
    return this.options.contact ? this.options.contact() : this.rendered;
  }

  private compare(primary: Contact, secondary: Contact, choices?: MergeChoices): void {
    void this.dialog.compare(primary, secondary, choices);
  }

  /** Shows `id` instead of the contact shown, which was merged into it. */
  private follow(id: string, merged?: Contact): void {
    if (this.options.follow) this.options.follow(id, merged);
    else this.host.contactId = id;
  }

  /** What the dialog awaits after a merge before focus moves: the host showing the result. */
  private settle(): Promise<unknown> {
    const id = this.pendingFollow;
    this.pendingFollow = undefined;
    if (!id) return this.host.updateComplete;
    return new Promise<void>(resolve => {
      this.shownWaiter = { id, resolve };
      this.host.requestUpdate();
    });
  }

  /** "Merge into …" in a form: the contact that holds the typed value stays. */
  private readonly onMergeInto = (event: Event) => {
    const { primaryId, secondary, field } = (event as MergeIntoEvent).detail;
    const adapter = this.adapters.adapter;
    if (!adapter) return;
    adapter.getContact(primaryId).then(
      // The typed value is not saved on the secondary yet: the primary's is the same value.
      primary => this.compare(primary, secondary, { [field]: 'primary' }),
      (error: unknown) =>
        this.host.dispatchEvent(new ContactsErrorEvent({ operation: 'get-contact', error })),
    );
  };

  private readonly onMerged = (event: ContactsMergedEvent) => {
    const { contact, mergedId } = event.detail;
    const shown = this.shown()?.id;
    // A merge inside a nested element (a detail in "All contacts") may concern another contact.
    if (shown !== mergedId && shown !== contact.id) return;
    this.checked = undefined;
    this.pendingFollow = contact.id;
    this.follow(contact.id, contact);
    this.host.requestUpdate();
  };

  /** The shown contact was merged elsewhere: the one it went into shows, and that is said. */
  private readonly onChange = (change: ContactsChange) => {
    if (change.type !== 'removed' || !change.mergedInto || change.id !== this.shown()?.id) return;
    // The agent's own merge from here ends in `onMerged`; this says nothing then.
    if (!this.dialog.merging) this.say(this.localize.t.detail.mergedElsewhere);
    this.follow(change.mergedInto);
  };

  private say(message: string): void {
    this.live.textContent = '';
    requestAnimationFrame(() => (this.live.textContent = message));
  }

  private findDuplicates(contact: Contact | undefined): void {
    this.lookup?.abort();
    const adapter = this.adapters.adapter;
    const search = contact?.name.trim();
    this.duplicates = [];
    if (!adapter?.mergeContacts || !contact || !search) return;
    const lookup = (this.lookup = new AbortController());
    adapter
      .listContacts({ search, limit: DUPLICATE_CANDIDATES }, { signal: lookup.signal })
      .then(page => {
        if (lookup.signal.aborted) return;
        this.duplicates = page.items.filter(other => isPossibleDuplicate(contact, other));
        this.duplicatesOf = contact.id;
        this.host.requestUpdate();
      })
      // No list of possible duplicates is no failure the agent must see.
      .catch(() => undefined);
  }
}
