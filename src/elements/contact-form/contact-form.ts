import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';

import { isAbortError } from '../../adapter/errors.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import { newIdempotencyKey } from '../../adapter/util.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { ContactSaveEvent } from '../../events/contact-save.js';
import { type ContactSavedDetail, ContactSavedEvent } from '../../events/contact-saved.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { normalizeEmail } from '../../model/email.js';
import {
  type CountryCode,
  DEFAULT_COUNTRY,
  parsePhone,
  phoneLibraryIfLoaded,
} from '../../model/phone.js';
import type { Contact, ContactDraft, ContactPatch } from '../../model/types.js';
import {
  type FieldErrors,
  type ValidationCode,
  type ValidationField,
  validateContactDraft,
  validateContactPatch,
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
import { type CompanyPickEvent, CompanyPicker } from './company-picker.js';
// Type-only: names the registering module so template checks know the picker's tag.
import type {} from './define.js';
import { styles } from './contact-form.styles.js';

/** The fields of the contact form, as `focusField` and `initialFocus` name them. */
export type ContactFormField = 'name' | 'email' | 'phone' | 'company';

interface ContactValues {
  name: string;
  email: string;
  phone: string;
  companyId: string | undefined;
}

/** How long typing pauses before the form looks for a contact with the same email or phone. */
const DUPLICATE_LOOKUP_DELAY = 250;

const FIELD_ORDER: readonly ContactFormField[] = ['name', 'email', 'phone', 'company'];

function fieldOf(field: ValidationField): ContactFormField | undefined {
  if (field === 'companyId') return 'company';
  return field === 'name' || field === 'email' || field === 'phone' ? field : undefined;
}

/** A stored phone as the agent edits it: international, so any default country reads it back. */
function editablePhone(e164: string | undefined): string {
  if (!e164) return '';
  return phoneLibraryIfLoaded()?.parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

function valuesOf(contact: Contact | undefined, draft: ContactDraft | undefined): ContactValues {
  if (contact) {
    return {
      name: contact.name,
      email: contact.email ?? '',
      phone: editablePhone(contact.phone),
      companyId: contact.companyId,
    };
  }
  return {
    name: draft?.name ?? '',
    email: draft?.email ?? '',
    phone: draft?.phone ?? '',
    companyId: draft?.companyId,
  };
}

/**
 * The form behind "New contact" and "Edit contact": Name, Email, Phone and Company, validated by
 * the same rules as every adapter. Without `contact` it creates (one idempotency key per form,
 * reused when Save retries a failed write); with `contact` it edits, naming the version it started
 * from so a concurrent edit surfaces as a conflict the agent resolves with Reload or Overwrite.
 * A failed save keeps every typed value and moves focus to the message.
 *
 * The container passes the adapter explicitly and listens for `contact-saved`,
 * `contacts-open-existing` and the internal `contacts-form-cancel` (Cancel, Escape, or Save with
 * nothing changed) to close or navigate.
 *
 * @summary Internal, reusable: creates or edits one contact.
 *
 * @fires contact-save - Cancelable. The agent saved valid values; prevent it to write them yourself.
 * @fires contact-saved - The adapter wrote the contact.
 * @fires contacts-error - An adapter call failed; the form also shows the failure.
 * @fires contacts-open-existing - The agent chose "Open existing contact" on a duplicate email or phone.
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
export class ContactForm extends LitElement {
  static override styles = [themeStyles, fieldStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The adapter to write through; the container passes its own. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The contact to edit; without it the form creates a new contact. */
  @property({ attribute: false }) contact?: Contact;

  /** Values to start a new contact with, e.g. the email of the conversation that prompted it. */
  @property({ attribute: false }) draft?: ContactDraft;

  /** Country assumed for phone numbers typed without `+` (ISO 3166-1 alpha-2). */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode = DEFAULT_COUNTRY;

  /** The field to focus when the form first renders. */
  @property({ attribute: 'initial-focus' }) initialFocus?: ContactFormField;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this);
  private readonly lookup = new DebouncedLookup<'email' | 'phone'>(DUPLICATE_LOOKUP_DELAY);

  // ---- Internal state -------------------------------------------------------------------------

  @state() private values: ContactValues = valuesOf(undefined, undefined);
  @state() private messages: Partial<Record<ContactFormField, FieldMessage>> = {};
  /** Contacts that already hold the typed email or phone, found while typing. */
  @state() private duplicates: Partial<Record<'email' | 'phone', string>> = {};
  @state() private problem?: FormProblem;
  @state() private saving = false;

  /** The record the edits apply to, as it was when editing began (or after Reload/Overwrite). */
  private base?: Contact;
  private dirty = false;
  private initialized = false;
  /** One key per create intent: a retried Save replays the first write instead of adding another. */
  private idempotencyKey = newIdempotencyKey();

  // ---- Public methods -------------------------------------------------------------------------

  /** Moves focus to one field. */
  async focusField(field: ContactFormField): Promise<void> {
    await this.updateComplete;
    if (field === 'company') {
      const picker = this.renderRoot.querySelector('contacts-company-picker');
      if (picker instanceof CompanyPicker) {
        await picker.updateComplete;
        picker.focus();
      }
    } else {
      this.renderRoot.querySelector<HTMLInputElement>(`#${field}`)?.focus();
    }
  }

  // ---- Implementation -------------------------------------------------------------------------

  private get editing(): boolean {
    return this.base !== undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lookup.cancelAll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.initialized) {
      this.initialized = true;
      this.reset(this.contact);
      return;
    }
    if (changed.has('contact')) {
      const next = this.contact;
      // A newer version of the same record replaces an untouched form; typed edits stay, and the
      // version they started from makes Save report the conflict instead of overwriting it.
      if (next?.id !== this.base?.id || (next && !this.dirty && !this.problem)) this.reset(next);
    } else if (changed.has('draft') && !this.editing && !this.dirty) {
      this.values = valuesOf(undefined, this.draft);
    }
  }

  protected override firstUpdated(): void {
    if (this.initialFocus) void this.focusField(this.initialFocus);
  }

  private reset(contact: Contact | undefined): void {
    this.base = contact;
    this.values = valuesOf(contact, this.draft);
    this.messages = {};
    this.duplicates = {};
    this.problem = undefined;
    this.dirty = false;
    this.idempotencyKey = newIdempotencyKey();
    this.lookup.cancelAll();
  }

  private readonly onInput = (event: InputEvent) => {
    const input = event.target as HTMLInputElement;
    const field = input.name as 'name' | 'email' | 'phone';
    this.values = { ...this.values, [field]: input.value };
    this.dirty = true;
    this.clearMessage(field);
    if (field === 'email' || field === 'phone') this.checkDuplicate(field);
  };

  private readonly onCompanyPick = (event: CompanyPickEvent) => {
    this.values = { ...this.values, companyId: event.companyId };
    this.dirty = true;
    this.clearMessage('company');
  };

  private clearMessage(field: ContactFormField): void {
    if (this.messages[field]) this.messages = without(this.messages, field);
    const problem = this.problem;
    if (
      problem?.kind === 'invalid' &&
      problem.code === 'contact-info-required' &&
      (field === 'email' || field === 'phone')
    ) {
      this.problem = undefined;
    }
  }

  /** Looks, after a pause in typing, for another contact that already has this email or phone. */
  private checkDuplicate(field: 'email' | 'phone'): void {
    if (this.duplicates[field]) this.duplicates = without(this.duplicates, field);
    const adapter = this.adapter;
    const raw = this.values[field].trim();
    if (!adapter || !raw) {
      this.lookup.cancel(field);
      return;
    }
    this.lookup.schedule(field, async signal => {
      let query: { email: string } | { phone: string };
      if (field === 'email') {
        const email = normalizeEmail(raw);
        if (!email || email === this.base?.email) return;
        query = { email };
      } else {
        const parsed = await parsePhone(raw, this.defaultCountry);
        if (!parsed.ok || parsed.e164 === this.base?.phone) return;
        query = { phone: parsed.e164 };
      }
      if (signal.aborted) return;
      const page = await adapter.listContacts({ ...query, limit: 2 }, { signal });
      if (signal.aborted) return;
      const other = page.items.find(contact => contact.id !== this.base?.id);
      if (other) this.duplicates = { ...this.duplicates, [field]: other.id };
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

  /** Validates, announces the intent, and writes through the adapter unless the host took over. */
  private async save(): Promise<void> {
    // Held from the first click through validation and the write, so a double click saves once.
    if (this.saving) return;
    this.saving = true;
    let saved: ContactSavedDetail | undefined;
    try {
      saved = await this.validateAndWrite();
    } finally {
      this.saving = false;
    }
    // Announced once the form is ready again, so a listener can start the next save at once.
    if (saved) this.dispatchEvent(new ContactSavedEvent(saved));
  }

  /** Returns what was written, or undefined when nothing was (invalid, prevented, failed). */
  private async validateAndWrite(): Promise<ContactSavedDetail | undefined> {
    const reference = this.base;
    const { name, email, phone, companyId } = this.values;
    const options = { defaultCountry: this.defaultCountry };
    let intent: ContactSaveEvent;
    if (reference) {
      const checked = await validateContactPatch(
        { name, email, phone, companyId: companyId ?? null },
        reference,
        options,
      );
      if (!checked.ok) {
        this.showInvalid(checked.errors);
        return undefined;
      }
      const patch = changedFields(checked.value, reference);
      if (!Object.keys(patch).length) {
        this.cancel();
        return undefined;
      }
      intent = new ContactSaveEvent({
        mode: 'update',
        contactId: reference.id,
        expectedVersion: reference.version,
        values: patch,
      });
    } else {
      const checked = await validateContactDraft({ name, email, phone, companyId }, options);
      if (!checked.ok) {
        this.showInvalid(checked.errors);
        return undefined;
      }
      intent = new ContactSaveEvent({ mode: 'create', values: checked.value });
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
    return this.write(
      adapter,
      intent.detail.mode === 'create' ? intent.detail.values : intent.detail,
    );
  }

  private async write(
    adapter: ContactsAdapter,
    request: ContactDraft | { contactId: string; expectedVersion: number; values: ContactPatch },
  ): Promise<ContactSavedDetail | undefined> {
    const creating = !('contactId' in request);
    try {
      const contact = creating
        ? await adapter.createContact(request, { idempotencyKey: this.idempotencyKey })
        : await adapter.updateContact(request.contactId, request.values, {
            expectedVersion: request.expectedVersion,
          });
      this.reset(creating ? undefined : contact);
      return { mode: creating ? 'create' : 'update', contact };
    } catch (error) {
      if (isAbortError(error)) return undefined;
      this.dispatchEvent(
        new ContactsErrorEvent({
          operation: creating ? 'create-contact' : 'update-contact',
          error,
        }),
      );
      const { messages, problem } = classifySaveError(error, fieldOf);
      this.messages = messages;
      this.problem = problem;
      if (problem && problem.kind !== 'invalid') void this.focusProblem();
      else void this.focusFirstInvalid();
      return undefined;
    }
  }

  private showInvalid(errors: FieldErrors): void {
    const messages: Partial<Record<ContactFormField, FieldMessage>> = {};
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
    // A contact with neither email nor phone is fixed in the Email field, which the message describes.
    if (first) await this.focusField(first);
    else if (this.problem?.kind === 'invalid') await this.focusField('email');
  }

  private async focusProblem(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#form-problem')?.focus();
  }

  /** Conflict: the agent discards their edits and continues from the latest version. */
  private readonly onReload = async () => {
    const adapter = this.adapter;
    const id = this.base?.id;
    if (!adapter || !id || this.saving) return;
    this.saving = true;
    try {
      const latest = await adapter.getContact(id);
      this.reset(latest);
      void this.focusField('name');
    } catch (error) {
      if (isAbortError(error)) return;
      this.dispatchEvent(new ContactsErrorEvent({ operation: 'get-contact', error }));
      this.problem = { kind: 'failed', error };
      void this.focusProblem();
    } finally {
      this.saving = false;
    }
  };

  /** Conflict: the agent's values win over the latest version. */
  private readonly onOverwrite = async () => {
    const adapter = this.adapter;
    const id = this.base?.id;
    if (!adapter || !id || this.saving) return;
    this.saving = true;
    let latest: Contact;
    try {
      latest = await adapter.getContact(id);
    } catch (error) {
      if (isAbortError(error)) return;
      this.dispatchEvent(new ContactsErrorEvent({ operation: 'get-contact', error }));
      this.problem = { kind: 'failed', error };
      void this.focusProblem();
      return;
    } finally {
      this.saving = false;
    }
    this.base = latest;
    await this.save();
  };

  private openExisting(contactId: string): void {
    this.dispatchEvent(new ContactsOpenExistingEvent({ contactId }));
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    const creating = !this.editing;
    const infoMissing =
      this.problem?.kind === 'invalid' && this.problem.code === 'contact-info-required';
    const infoDescribedBy = [creating ? 'info-hint' : '', infoMissing ? 'form-problem' : ''].filter(
      Boolean,
    );
    return html`<form part="form" novalidate @submit=${this.onSubmit} @keydown=${this.onKeyDown}>
      ${this.renderProblem()}
      ${textField({
        id: 'name',
        label: t.form.name,
        type: 'text',
        value: this.values.name,
        hint: creating ? t.form.nameHint : undefined,
        error: this.messageText('name'),
        onInput: this.onInput,
      })}
      ${creating ? html`<p class="hint" id="info-hint">${t.form.contactInfoHint}</p>` : nothing}
      ${textField({
        id: 'email',
        label: t.form.email,
        type: 'email',
        inputmode: 'email',
        value: this.values.email,
        error: this.messageText('email'),
        warning: this.duplicateWarning('email'),
        invalid: infoMissing,
        describedBy: infoDescribedBy,
        onInput: this.onInput,
      })}
      ${textField({
        id: 'phone',
        label: t.form.phone,
        type: 'tel',
        inputmode: 'tel',
        value: this.values.phone,
        hint: t.form.phoneHint(this.countryName()),
        error: this.messageText('phone'),
        warning: this.duplicateWarning('phone'),
        invalid: infoMissing,
        describedBy: infoDescribedBy,
        onInput: this.onInput,
      })}
      <contacts-company-picker
        exportparts="field, listbox"
        .adapter=${this.adapter}
        .value=${this.values.companyId}
        .error=${this.messages.company ? this.messageString(this.messages.company) : undefined}
        @contacts-company-pick=${this.onCompanyPick}
      ></contacts-company-picker>
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
      conflict: t.form.conflictContact,
      notSaved: t.form.notSavedContact,
      onReload: () => void this.onReload(),
      onOverwrite: () => void this.onOverwrite(),
    });
  }

  private messageString(message: FieldMessage): string {
    const t = this.localize.t;
    return message.code === 'duplicate' ? t.form.duplicateEmail : t.common.validation[message.code];
  }

  private messageText(field: 'name' | 'email' | 'phone') {
    const message = this.messages[field];
    if (!message) return undefined;
    if (message.code !== 'duplicate') return this.localize.t.common.validation[message.code];
    return this.duplicateContent(field, message.existingId);
  }

  private duplicateWarning(field: 'email' | 'phone') {
    const existing = this.duplicates[field];
    if (!existing || this.messages[field]) return undefined;
    return this.duplicateContent(field, existing);
  }

  private duplicateContent(field: 'name' | 'email' | 'phone', existingId: string | undefined) {
    const t = this.localize.t;
    const text = field === 'phone' ? t.form.duplicatePhone : t.form.duplicateEmail;
    return html`<span>${text}</span>${
        existingId
          ? html`<button type="button" class="link" @click=${() => this.openExisting(existingId)}>
              ${t.form.openExistingContact}
            </button>`
          : nothing
      }`;
  }

  private countryName(): string {
    try {
      return (
        new Intl.DisplayNames([this.localize.lang], { type: 'region' }).of(this.defaultCountry) ??
        this.defaultCountry
      );
    } catch {
      return this.defaultCountry;
    }
  }
}

/** The fields of a valid patch that differ from the record, so an untouched field is not rewritten. */
function changedFields(
  value: { name?: string; email?: string | null; phone?: string | null; companyId?: string | null },
  current: Contact,
): ContactPatch {
  const patch: ContactPatch = {};
  if (value.name !== undefined && value.name !== current.name) patch.name = value.name;
  if (value.email !== undefined && (value.email ?? undefined) !== current.email) {
    patch.email = value.email;
  }
  if (value.phone !== undefined && (value.phone ?? undefined) !== current.phone) {
    patch.phone = value.phone;
  }
  if (value.companyId !== undefined && (value.companyId ?? undefined) !== current.companyId) {
    patch.companyId = value.companyId;
  }
  return patch;
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-contact-form': ContactForm;
  }
}
