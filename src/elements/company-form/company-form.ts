import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';

import { isAbortError } from '../../adapter/errors.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import { newIdempotencyKey } from '../../adapter/util.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { CompanyOpenExistingEvent } from '../../events/company-open-existing.js';
import { CompanySaveEvent } from '../../events/company-save.js';
import { type CompanySavedDetail, CompanySavedEvent } from '../../events/company-saved.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import { normalizeDomain } from '../../model/domain.js';
import type { Company, CompanyDraft, CompanyPatch } from '../../model/types.js';
import {
  type FieldErrors,
  type ValidationCode,
  type ValidationField,
  validateCompanyDraft,
  validateCompanyPatch,
} from '../../model/validation.js';
import { fieldStyles } from '../shared/field.styles.js';
import {
  type FieldMessage,
  FormCancelEvent,
  type FormProblem,
  classifySaveError,
  formProblemTemplate,
  textField,
  without,
} from '../shared/form-kit.js';
import { DebouncedLookup } from '../shared/lookup.js';
import { themeStyles } from '../shared/theme.styles.js';
import { styles } from './company-form.styles.js';

/** The fields of the company form, as `focusField` and `initialFocus` name them. */
export type CompanyFormField = 'name' | 'domain';

interface CompanyValues {
  name: string;
  domain: string;
}

const DUPLICATE_LOOKUP_DELAY = 250;
const FIELD_ORDER: readonly CompanyFormField[] = ['name', 'domain'];

function fieldOf(field: ValidationField): CompanyFormField | undefined {
  return field === 'name' || field === 'domain' ? field : undefined;
}

function valuesOf(company: Company | undefined, draft: CompanyDraft | undefined): CompanyValues {
  if (company) return { name: company.name, domain: company.domain ?? '' };
  return { name: draft?.name ?? '', domain: draft?.domain ?? '' };
}

/**
 * The form behind "New company" and "Edit company": Name and Domain, with the same rules as the
 * contact form: validation shared with the adapters, one idempotency key per create intent, the
 * expected version on edits (a conflict offers Reload or Overwrite), a warning while typing a
 * domain another company already has, and every typed value kept when a save fails.
 *
 * @summary Internal, reusable: creates or edits one company.
 *
 * @fires company-save - Cancelable. The agent saved valid values; prevent it to write them yourself.
 * @fires company-saved - The adapter wrote the company.
 * @fires contacts-error - An adapter call failed; the form also shows the failure.
 * @fires company-open-existing - The agent chose "Open existing company" on a duplicate domain.
 * @fires contacts-form-cancel - Internal, not composed: the agent dismissed the form.
 *
 * @csspart form - The form element.
 * @csspart field - Each labelled field.
 * @csspart error - The form-level error or conflict message.
 * @csspart actions - The row of Save and Cancel.
 *
 * @cssproperty --contacts-color-accent - Shared token; the forms use the same `--contacts-*` tokens
 * as `<contact-detail>`, which documents the full set.
 */
export class CompanyForm extends LitElement {
  static override styles = [themeStyles, fieldStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The adapter to write through; the container passes its own. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The company to edit; without it the form creates a new company. */
  @property({ attribute: false }) company?: Company;

  /** Values to start a new company with. */
  @property({ attribute: false }) draft?: CompanyDraft;

  /** The field to focus when the form first renders. */
  @property({ attribute: 'initial-focus' }) initialFocus?: CompanyFormField;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this);
  private readonly lookup = new DebouncedLookup<'domain'>(DUPLICATE_LOOKUP_DELAY);

  // ---- Internal state -------------------------------------------------------------------------

  @state() private values: CompanyValues = valuesOf(undefined, undefined);
  @state() private messages: Partial<Record<CompanyFormField, FieldMessage>> = {};
  /** The company that already has the typed domain, found while typing. */
  @state() private duplicate?: string;
  @state() private problem?: FormProblem;
  @state() private saving = false;

  private base?: Company;
  private dirty = false;
  private initialized = false;
  private idempotencyKey = newIdempotencyKey();

  // ---- Public methods -------------------------------------------------------------------------

  /** Moves focus to one field. */
  async focusField(field: CompanyFormField): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#${field}`)?.focus();
  }

  // ---- Implementation -------------------------------------------------------------------------

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lookup.cancelAll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.initialized) {
      this.initialized = true;
      this.reset(this.company);
      return;
    }
    if (changed.has('company')) {
      const next = this.company;
      if (next?.id !== this.base?.id || (next && !this.dirty && !this.problem)) this.reset(next);
    } else if (changed.has('draft') && !this.base && !this.dirty) {
      this.values = valuesOf(undefined, this.draft);
    }
  }

  protected override firstUpdated(): void {
    if (this.initialFocus) void this.focusField(this.initialFocus);
  }

  private reset(company: Company | undefined): void {
    this.base = company;
    this.values = valuesOf(company, this.draft);
    this.messages = {};
    this.duplicate = undefined;
    this.problem = undefined;
    this.dirty = false;
    this.idempotencyKey = newIdempotencyKey();
    this.lookup.cancelAll();
  }

  private readonly onInput = (event: InputEvent) => {
    const input = event.target as HTMLInputElement;
    const field = input.name as CompanyFormField;
    this.values = { ...this.values, [field]: input.value };
    this.dirty = true;
    if (this.messages[field]) this.messages = without(this.messages, field);
    if (field === 'domain') this.checkDuplicate();
  };

  private checkDuplicate(): void {
    this.duplicate = undefined;
    const adapter = this.adapter;
    const domain = normalizeDomain(this.values.domain);
    if (!adapter || !domain || domain === this.base?.domain) {
      this.lookup.cancel('domain');
      return;
    }
    this.lookup.schedule('domain', async signal => {
      const page = await adapter.listCompanies({ domain, limit: 2 }, { signal });
      if (signal.aborted) return;
      this.duplicate = page.items.find(company => company.id !== this.base?.id)?.id;
    });
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.save();
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) this.cancel();
  };

  private cancel(): void {
    this.dispatchEvent(new FormCancelEvent());
  }

  private async save(): Promise<void> {
    // Held from the first click through the write, so a double click saves once.
    if (this.saving) return;
    this.saving = true;
    let saved: CompanySavedDetail | undefined;
    try {
      saved = await this.validateAndWrite();
    } finally {
      this.saving = false;
    }
    // Announced once the form is ready again, so a listener can start the next save at once.
    if (saved) this.dispatchEvent(new CompanySavedEvent(saved));
  }

  /** Returns what was written, or undefined when nothing was (invalid, prevented, failed). */
  private async validateAndWrite(): Promise<CompanySavedDetail | undefined> {
    const reference = this.base;
    let intent: CompanySaveEvent;
    if (reference) {
      const checked = validateCompanyPatch(this.values);
      if (!checked.ok) {
        this.showInvalid(checked.errors);
        return undefined;
      }
      const patch: CompanyPatch = {};
      if (checked.value.name !== undefined && checked.value.name !== reference.name) {
        patch.name = checked.value.name;
      }
      if ((checked.value.domain ?? undefined) !== reference.domain) {
        patch.domain = checked.value.domain ?? null;
      }
      if (!Object.keys(patch).length) {
        this.cancel();
        return undefined;
      }
      intent = new CompanySaveEvent({
        mode: 'update',
        companyId: reference.id,
        expectedVersion: reference.version,
        values: patch,
      });
    } else {
      const checked = validateCompanyDraft(this.values);
      if (!checked.ok) {
        this.showInvalid(checked.errors);
        return undefined;
      }
      intent = new CompanySaveEvent({ mode: 'create', values: checked.value });
    }
    this.messages = {};
    this.problem = undefined;
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return undefined;
    const adapter = this.adapter;
    if (!adapter) {
      this.problem = { kind: 'failed', error: undefined };
      void this.focusProblem();
      return undefined;
    }
    const detail = intent.detail;
    try {
      const company =
        detail.mode === 'create'
          ? await adapter.createCompany(detail.values, { idempotencyKey: this.idempotencyKey })
          : await adapter.updateCompany(detail.companyId, detail.values, {
              expectedVersion: detail.expectedVersion,
            });
      this.reset(detail.mode === 'create' ? undefined : company);
      return { mode: detail.mode, company };
    } catch (error) {
      if (isAbortError(error)) return;
      this.dispatchEvent(new ContactsErrorEvent({ operation: `${detail.mode}-company`, error }));
      const { messages, problem } = classifySaveError(error, fieldOf);
      this.messages = messages;
      this.problem = problem;
      if (problem && problem.kind !== 'invalid') void this.focusProblem();
      else void this.focusFirstInvalid();
      return undefined;
    }
  }

  private showInvalid(errors: FieldErrors): void {
    const messages: Partial<Record<CompanyFormField, FieldMessage>> = {};
    for (const [field, code] of Object.entries(errors) as [ValidationField, ValidationCode][]) {
      const name = fieldOf(field);
      if (name) messages[name] = { code };
    }
    this.messages = messages;
    this.problem = errors.form ? { kind: 'invalid', code: errors.form } : undefined;
    void this.focusFirstInvalid();
  }

  private async focusFirstInvalid(): Promise<void> {
    const first = FIELD_ORDER.find(field => this.messages[field]);
    if (first) await this.focusField(first);
    else await this.focusProblem();
  }

  private async focusProblem(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#form-problem')?.focus();
  }

  private readonly onReload = async () => {
    const adapter = this.adapter;
    const id = this.base?.id;
    if (!adapter || !id || this.saving) return;
    this.saving = true;
    try {
      this.reset(await adapter.getCompany(id));
      void this.focusField('name');
    } catch (error) {
      if (isAbortError(error)) return;
      this.dispatchEvent(new ContactsErrorEvent({ operation: 'get-company', error }));
      this.problem = { kind: 'failed', error };
      void this.focusProblem();
    } finally {
      this.saving = false;
    }
  };

  private readonly onOverwrite = async () => {
    const adapter = this.adapter;
    const id = this.base?.id;
    if (!adapter || !id || this.saving) return;
    this.saving = true;
    let latest: Company;
    try {
      latest = await adapter.getCompany(id);
    } catch (error) {
      if (isAbortError(error)) return;
      this.dispatchEvent(new ContactsErrorEvent({ operation: 'get-company', error }));
      this.problem = { kind: 'failed', error };
      void this.focusProblem();
      return;
    } finally {
      this.saving = false;
    }
    this.base = latest;
    await this.save();
  };

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    return html`<form part="form" novalidate @submit=${this.onSubmit} @keydown=${this.onKeyDown}>
      ${this.renderProblem()}
      ${textField({
        id: 'name',
        label: t.form.name,
        type: 'text',
        value: this.values.name,
        error: this.messageText('name'),
        onInput: this.onInput,
      })}
      ${textField({
        id: 'domain',
        label: t.form.domain,
        type: 'text',
        value: this.values.domain,
        hint: t.form.domainHint,
        error: this.messageText('domain'),
        warning: this.duplicate ? this.duplicateContent(this.duplicate) : undefined,
        onInput: this.onInput,
      })}
      <div class="actions" part="actions">
        <button class="primary" type="submit" aria-disabled=${this.saving ? 'true' : 'false'}>
          ${t.common.save}
        </button>
        <button type="button" @click=${this.cancel}>${t.common.cancel}</button>
        <span class="saving" role="status">${this.saving ? t.common.saving : nothing}</span>
      </div>
    </form>`;
  }

  private renderProblem() {
    const t = this.localize.t;
    return formProblemTemplate(t, this.problem, {
      conflict: t.form.conflictCompany,
      notSaved: t.form.notSavedCompany,
      onReload: () => void this.onReload(),
      onOverwrite: () => void this.onOverwrite(),
    });
  }

  private messageText(field: CompanyFormField) {
    const message = this.messages[field];
    if (!message) return undefined;
    if (message.code !== 'duplicate') return this.localize.t.common.validation[message.code];
    return this.duplicateContent(message.existingId);
  }

  private duplicateContent(existingId: string | undefined) {
    const t = this.localize.t;
    return html`<span>${t.form.duplicateDomain}</span>${
        existingId
          ? html`<button
              type="button"
              class="link"
              @click=${() =>
                this.dispatchEvent(new CompanyOpenExistingEvent({ companyId: existingId }))}
            >
              ${t.form.openExistingCompany}
            </button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-company-form': CompanyForm;
  }
}
