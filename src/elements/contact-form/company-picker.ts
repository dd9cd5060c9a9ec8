import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

import { isAbortError } from '../../adapter/errors.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { common } from '../../i18n/en/common.js';
import { form } from '../../i18n/en/form.js';
import type { Company } from '../../model/types.js';
import { fieldStyles } from '../shared/field.styles.js';
import { DebouncedLookup } from '../shared/debounced-lookup.js';
import { themeStyles } from '../shared/theme.styles.js';

const SEARCH_DELAY = 150;
const RESULT_LIMIT = 20;

/** The agent picked a company, or `undefined` for none. Internal to the contact form. */
export class CompanyPickEvent extends Event {
  static readonly eventName = 'contacts-company-pick' as const;
  readonly companyId: string | undefined;

  constructor(companyId: string | undefined) {
    super(CompanyPickEvent.eventName);
    this.companyId = companyId;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-company-pick': CompanyPickEvent;
  }
}

/** One row of the listbox: a company, or the "No company" choice. */
type Choice = { id: undefined; label: string } | { id: string; label: string; company: Company };

/**
 * A company picker: an editable ARIA combobox (list autocomplete) over `adapter.listCompanies`.
 * Typing searches by name or domain; arrows move through the results; Enter picks; Escape closes
 * the list (and, with the list closed, restores the picked company's name). Clearing the text and
 * leaving the field removes the company.
 *
 * @summary Internal: picks the company of a contact.
 * @csspart field - The label, input and list.
 * @csspart listbox - The list of matching companies.
 */
export class CompanyPicker extends LitElement {
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  static override styles = [
    themeStyles,
    fieldStyles,
    css`
      :host {
        display: block;
      }

      [role='listbox'] {
        margin: 0;
        margin-block-start: 0.25rem;
        padding: 0.25rem;
        list-style: none;
        max-block-size: 14rem;
        overflow-y: auto;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }

      [role='option'] {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0 0.5rem;
        min-block-size: 2rem;
        padding-block: 0.25rem;
        padding-inline: 0.5rem;
        border-radius: calc(var(--_radius) - 2px);
        cursor: pointer;
      }

      [role='option']:hover {
        background: var(--_raised);
      }

      [role='option'][aria-selected='true'] {
        outline: 2px solid var(--_focus);
        outline-offset: -2px;
        background: var(--_raised);
      }

      [role='option'].picked::after {
        content: '✓' / '';
        margin-inline-start: auto;
        color: var(--_accent);
        font-weight: 700;
      }

      .domain {
        color: var(--_muted);
        font-size: 0.875em;
      }
    `,
  ];

  // ---- Public properties ----------------------------------------------------------------------

  /** The adapter to search; the form passes its own. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The picked company's id. */
  @property({ attribute: false }) value?: string;

  /** An error message about the company, shown under the field. */
  @property({ attribute: false }) error?: string;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this, { common, form });
  private readonly lookup = new DebouncedLookup<'search'>(SEARCH_DELAY);
  private nameRequest?: AbortController;

  // ---- Internal state -------------------------------------------------------------------------

  @state() private text = '';
  @state() private open = false;
  @state() private results: Company[] = [];
  @state() private searching = false;
  @state() private active = -1;
  /** The picked company's name, once known. */
  @state() private pickedName = '';

  @query('input') private input?: HTMLInputElement;

  // ---- Implementation -------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lookup.cancelAll();
    this.nameRequest?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') || changed.has('adapter')) this.resolveName();
  }

  /** Shows the picked company's name: from the results when it is there, else from the adapter. */
  private resolveName(): void {
    const id = this.value;
    if (!id) {
      this.pickedName = '';
      if (!this.open) this.text = '';
      return;
    }
    const known = this.results.find(company => company.id === id);
    if (known) {
      this.pickedName = known.name;
      if (!this.open) this.text = known.name;
      return;
    }
    const adapter = this.adapter;
    if (!adapter) return;
    this.nameRequest?.abort();
    const controller = (this.nameRequest = new AbortController());
    adapter
      .getCompany(id, { signal: controller.signal })
      .then(company => {
        if (this.value !== id) return;
        this.pickedName = company.name;
        if (!this.open) this.text = company.name;
      })
      .catch(() => {
        // An unknown company shows as an empty field; saving reports it.
      });
  }

  private get choices(): Choice[] {
    const none: Choice = { id: undefined, label: this.localize.t.form.noCompany };
    return [
      none,
      ...this.results.map(company => ({ id: company.id, label: company.name, company })),
    ];
  }

  private search(text: string): void {
    const adapter = this.adapter;
    if (!adapter) return;
    this.searching = true;
    this.lookup.schedule('search', async signal => {
      try {
        const page = await adapter.listCompanies({ search: text, limit: RESULT_LIMIT }, { signal });
        if (signal.aborted) return;
        this.results = page.items;
        this.active = Math.min(this.active, this.choices.length - 1);
      } catch (error) {
        if (!isAbortError(error)) this.results = [];
      } finally {
        if (!signal.aborted) this.searching = false;
      }
    });
  }

  private openList(): void {
    if (this.open) return;
    this.open = true;
    // With the picked name still in the field, show every company rather than only that one.
    this.search(this.text === this.pickedName ? '' : this.text);
  }

  private close(): void {
    this.open = false;
    this.active = -1;
    this.lookup.cancel('search');
    this.searching = false;
  }

  private pick(choice: Choice): void {
    this.close();
    this.text = choice.id ? choice.label : '';
    this.pickedName = choice.id ? choice.label : '';
    if (choice.id !== this.value) {
      this.value = choice.id;
      this.dispatchEvent(new CompanyPickEvent(choice.id));
    }
  }

  private readonly onInput = (event: InputEvent) => {
    this.text = (event.target as HTMLInputElement).value;
    this.active = -1;
    this.open = true;
    this.search(this.text);
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const count = this.choices.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.open) this.openList();
        this.active = Math.min(this.active + 1, count - 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!this.open) this.openList();
        this.active = this.active <= 0 ? count - 1 : this.active - 1;
        break;
      case 'Enter':
        if (this.open && this.active >= 0) {
          event.preventDefault();
          this.pick(this.choices[this.active]!);
        }
        break;
      case 'Escape':
        // Handled here, Escape must not also close the dialog or the form around the picker.
        if (this.open) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
          this.text = this.pickedName;
        } else if (this.text !== this.pickedName) {
          event.preventDefault();
          event.stopPropagation();
          this.text = this.pickedName;
        }
        break;
      default:
    }
  };

  private readonly onBlur = () => {
    this.close();
    if (!this.text.trim() && this.value) this.pick(this.choices[0]!);
    else this.text = this.pickedName;
  };

  private readonly onOptionPointerDown = (event: PointerEvent) => {
    // Keep focus in the input so blur does not close the list before the click lands.
    event.preventDefault();
  };

  protected override updated(): void {
    if (this.open && this.active >= 0) {
      this.renderRoot.querySelector(`#option-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Focuses the text input. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    const expanded = this.open;
    const describedBy = this.error ? 'company-error' : undefined;
    return html`<div class="field" part="field">
      <label id="company-label" for="company">${t.form.company}</label>
      <input
        id="company"
        aria-labelledby="company-label"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls="company-listbox"
        aria-activedescendant=${ifDefined(
          expanded && this.active >= 0 ? `option-${this.active}` : undefined,
        )}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy)}
        .value=${live(this.text)}
        @input=${this.onInput}
        @keydown=${this.onKeyDown}
        @blur=${this.onBlur}
        @click=${() => this.openList()}
      />
      ${
        this.error
          ? html`<p class="message message--error" id="company-error">${this.error}</p>`
          : nothing
      }
      <ul
        id="company-listbox"
        role="listbox"
        part="listbox"
        aria-label=${t.form.company}
        ?hidden=${!expanded}
      >
        ${expanded ? this.renderChoices() : nothing}
      </ul>
      <div class="visually-hidden" role="status">${expanded ? this.renderStatus() : nothing}</div>
    </div>`;
  }

  // Options are chosen from the keyboard through the combobox input (aria-activedescendant); the
  // click handler is the pointer path only.
  /* eslint-disable lit-a11y/click-events-have-key-events */
  private renderChoices() {
    return this.choices.map(
      (choice, index) =>
        html`<li
          id="option-${index}"
          role="option"
          class=${choice.id === this.value ? 'picked' : ''}
          aria-selected=${index === this.active ? 'true' : 'false'}
          @pointerdown=${this.onOptionPointerDown}
          @click=${() => this.pick(choice)}
        >
          <span>${choice.label}</span>
          ${
            choice.id && choice.company.domain
              ? html`<span class="domain">${choice.company.domain}</span>`
              : nothing
          }
        </li>`,
    );
  }

  /* eslint-enable lit-a11y/click-events-have-key-events */

  private renderStatus() {
    const t = this.localize.t;
    if (this.searching) return t.form.companySearching;
    const count = this.results.length;
    return count
      ? t.form.companiesFound(count, this.localize.formatNumber(count))
      : t.form.noCompaniesFound;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-company-picker': CompanyPicker;
  }
}
