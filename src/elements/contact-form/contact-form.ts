import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';

import type { ContactsAdapter } from '../../adapter/types.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import {
  DEFAULT_SAVE_TIMEOUT,
  type FieldMessage,
  type RecordOperations,
  RecordSaveController,
} from '../../controllers/record-save-controller.js';
import type { SaveSnapshot } from '../../controllers/save-outcome-controller.js';
import { ContactSaveEvent } from '../../events/contact-save.js';
import { ContactSavedEvent } from '../../events/contact-saved.js';
import { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { common } from '../../i18n/en/common.js';
import { form } from '../../i18n/en/form.js';
import { normalizeEmail } from '../../model/email.js';
import {
  type CountryCode,
  DEFAULT_COUNTRY,
  parsePhone,
  phoneLibraryIfLoaded,
} from '../../model/phone.js';
import type { Contact, ContactDraft, ContactPatch } from '../../model/types.js';
import {
  type ValidationField,
  validateContactDraft,
  validateContactPatch,
} from '../../model/validation.js';
import {
  DuplicateWatch,
  FormCancelEvent,
  MergeIntoEvent,
  duplicateNotice,
  fieldMessageText,
  focusById,
  focusFormProblem,
  recordForm,
  textField,
  validationText,
} from '../shared/form-kit.js';
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

const CONTACTS: RecordOperations<Contact, ContactDraft, ContactPatch, 'contact'> = {
  noun: 'contact',
  get: (adapter, id) => adapter.getContact(id),
  create: (adapter, draft, options) => adapter.createContact(draft, options),
  update: (adapter, id, patch, options) => adapter.updateContact(id, patch, options),
};

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
 * @fires contacts-merge-into - Internal, not composed: the agent chose "Merge into …" beside
 * "Open existing contact" while editing an existing contact (shown when the adapter merges).
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
  static override styles = styles;

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

  /**
   * Milliseconds a save may go unanswered before the form treats its outcome as unknown: the
   * values stay, Save is available again and saving again never writes twice. 0: no limit.
   */
  @property({ type: Number, attribute: 'save-timeout' }) saveTimeout = DEFAULT_SAVE_TIMEOUT;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this, { common, form });
  /** Contacts that already hold the typed email or phone, found while typing. */
  private readonly duplicates = new DuplicateWatch<'email' | 'phone'>(this);
  /**
   * Without `contact` it creates (one idempotency key per new contact, reused when Save retries);
   * with `contact` it edits, naming the version it started from.
   */
  private readonly saver = new RecordSaveController(this, {
    operations: CONTACTS,
    record: () => this.contact,
    valuesOf,
    validateDraft: values => validateContactDraft(values, { defaultCountry: this.defaultCountry }),
    validatePatch: async (values, base) => {
      const checked = await validateContactPatch(
        { ...values, companyId: values.companyId ?? null },
        base,
        { defaultCountry: this.defaultCountry },
      );
      return checked.ok ? { ok: true, value: changedFields(checked.value, base) } : checked;
    },
    intent: detail => new ContactSaveEvent(detail),
    saved: (mode, contact) => new ContactSavedEvent({ mode, contact }),
    fieldOf,
    fieldOrder: FIELD_ORDER,
    // A contact with neither email nor phone is fixed in the Email field, which the message describes.
    formRuleField: 'email',
    focusField: field => this.focusField(field),
    focusProblem: () => focusFormProblem(this),
    onUnchanged: () => this.cancel(),
    onEdit: field => this.onEdit(field),
    onReset: () => this.duplicates.reset(),
  });

  // ---- Internal state -------------------------------------------------------------------------

  /** Contacts that hold a typed or refused email or phone, by id: "Merge into" names them. */
  @state() private holders: Record<string, Contact> = {};
  private readonly fetchingHolders = new Set<string>();

  // ---- Public methods -------------------------------------------------------------------------

  /** Moves focus to one field. */
  async focusField(field: ContactFormField): Promise<void> {
    if (field !== 'company') return focusById(this, field);
    await this.updateComplete;
    const picker = this.renderRoot.querySelector('contacts-company-picker');
    if (picker instanceof CompanyPicker) {
      await picker.updateComplete;
      picker.focus();
    }
  }

  /**
   * Takes back a save that failed after the form was closed (the host's Reopen): the typed values,
   * the record and any create whose outcome is unknown, with the failure shown.
   */
  resumeSave(snapshot: SaveSnapshot): boolean {
    return this.saver.resume(snapshot);
  }

  // ---- Implementation -------------------------------------------------------------------------

  protected override firstUpdated(): void {
    if (this.initialFocus) void this.focusField(this.initialFocus);
  }

  private readonly onCompanyPick = (event: CompanyPickEvent) => {
    this.saver.edit({ companyId: event.companyId }, 'company');
  };

  private onEdit(field: ContactFormField): void {
    if (field !== 'email' && field !== 'phone') return;
    // Typing an email or a phone starts fixing "enter an email or a phone".
    this.saver.clearInvalid('contact-info-required');
    this.checkDuplicate(field);
  }

  /** Looks, after a pause in typing, for another contact that already has this email or phone. */
  private checkDuplicate(field: 'email' | 'phone'): void {
    const adapter = this.adapter;
    const raw = this.saver.values[field].trim();
    if (!adapter || !raw) {
      this.duplicates.clear(field);
      return;
    }
    this.duplicates.check(field, async signal => {
      let query: { email: string } | { phone: string };
      if (field === 'email') {
        const email = normalizeEmail(raw);
        if (!email || email === this.saver.base?.email) return undefined;
        query = { email };
      } else {
        const parsed = await parsePhone(raw, this.defaultCountry);
        if (!parsed.ok || parsed.e164 === this.saver.base?.phone) return undefined;
        query = { phone: parsed.e164 };
      }
      if (signal.aborted) return undefined;
      const page = await adapter.listContacts({ ...query, limit: 2 }, { signal });
      const holder = page.items.find(contact => contact.id !== this.saver.base?.id);
      if (holder) this.holders = { ...this.holders, [holder.id]: holder };
      return holder?.id;
    });
  }

  private readonly cancel = () => {
    this.dispatchEvent(new FormCancelEvent());
  };

  private openExisting(contactId: string): void {
    this.dispatchEvent(new ContactsOpenExistingEvent({ contactId }));
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    return recordForm(t, this.saver, this.cancel, this.renderFields());
  }

  private renderFields() {
    const t = this.localize.t;
    const { values, messages, problem } = this.saver;
    const creating = !this.saver.base;
    const infoMissing = problem?.status === 'invalid' && problem.code === 'contact-info-required';
    const infoDescribedBy = [creating ? 'info-hint' : '', infoMissing ? 'form-problem' : ''].filter(
      Boolean,
    );
    return html`${textField({
        id: 'name',
        label: t.form.name,
        type: 'text',
        value: values.name,
        hint: creating ? t.form.nameHint : undefined,
        error: this.messageText('name'),
        onInput: this.saver.onInput,
      })}
      ${creating ? html`<p class="hint" id="info-hint">${t.form.contactInfoHint}</p>` : nothing}
      ${textField({
        id: 'email',
        label: t.form.email,
        type: 'email',
        inputmode: 'email',
        value: values.email,
        error: this.messageText('email'),
        warning: this.duplicateWarning('email'),
        invalid: infoMissing,
        describedBy: infoDescribedBy,
        onInput: this.saver.onInput,
      })}
      ${textField({
        id: 'phone',
        label: t.form.phone,
        type: 'tel',
        inputmode: 'tel',
        value: values.phone,
        hint: t.form.phoneHint(this.countryName()),
        error: this.messageText('phone'),
        warning: this.duplicateWarning('phone'),
        invalid: infoMissing,
        describedBy: infoDescribedBy,
        onInput: this.saver.onInput,
      })}
      <contacts-company-picker
        exportparts="field, listbox"
        .adapter=${this.adapter}
        .value=${values.companyId}
        .error=${messages.company ? this.messageString(messages.company) : undefined}
        @contacts-company-pick=${this.onCompanyPick}
      ></contacts-company-picker>`;
  }

  private messageString(message: FieldMessage): string {
    const t = this.localize.t;
    return message.code === 'duplicate' ? t.form.duplicateEmail : validationText(t, message.code);
  }

  private messageText(field: 'name' | 'email' | 'phone') {
    return fieldMessageText(this.localize.t, this.saver.messages[field], existingId =>
      this.duplicateContent(field, existingId),
    );
  }

  private duplicateWarning(field: 'email' | 'phone') {
    const existing = this.duplicates.found[field];
    if (!existing || this.saver.messages[field]) return undefined;
    return this.duplicateContent(field, existing);
  }

  private duplicateContent(field: 'name' | 'email' | 'phone', existingId: string | undefined) {
    const t = this.localize.t;
    const text = field === 'phone' ? t.form.duplicatePhone : t.form.duplicateEmail;
    return duplicateNotice(
      text,
      t.form.openExistingContact,
      existingId,
      id => this.openExisting(id),
      field === 'name' ? undefined : this.mergeOffer(field, existingId),
    );
  }

  /**
   * "Merge into {name}" beside "Open existing contact", when the form edits an existing contact
   * and the adapter merges: the contact that holds the value stays, the edited one goes.
   */
  private mergeOffer(field: 'email' | 'phone', existingId: string | undefined) {
    const secondary = this.saver.base;
    if (!existingId || !secondary || !this.adapter?.mergeContacts) return undefined;
    const holder = this.holders[existingId];
    if (!holder) {
      this.fetchHolder(existingId);
      return undefined;
    }
    const name = holder.name.trim() || holder.email || holder.phone || '';
    return {
      label: this.localize.t.form.mergeInto(name),
      onMerge: (primaryId: string) =>
        this.dispatchEvent(new MergeIntoEvent({ primaryId, secondary, field })),
    };
  }

  /** Reads the contact a save was refused for, to name it in "Merge into". */
  private fetchHolder(id: string): void {
    const adapter = this.adapter;
    if (!adapter || this.fetchingHolders.has(id)) return;
    this.fetchingHolders.add(id);
    adapter.getContact(id).then(
      holder => (this.holders = { ...this.holders, [id]: holder }),
      () => this.fetchingHolders.delete(id),
    );
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
