import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';

import type { ContactsAdapter } from '../../adapter/types.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import {
  DEFAULT_SAVE_TIMEOUT,
  type RecordOperations,
  RecordSaveController,
} from '../../controllers/record-save-controller.js';
import type { SaveSnapshot } from '../../controllers/save-outcome-controller.js';
import { CompanyOpenExistingEvent } from '../../events/company-open-existing.js';
import { CompanySaveEvent } from '../../events/company-save.js';
import { CompanySavedEvent } from '../../events/company-saved.js';
import { common } from '../../i18n/en/common.js';
import { form } from '../../i18n/en/form.js';
import { normalizeDomain } from '../../model/domain.js';
import type { Company, CompanyDraft, CompanyPatch } from '../../model/types.js';
import {
  type ValidationField,
  validateCompanyDraft,
  validateCompanyPatch,
} from '../../model/validation.js';
import {
  DuplicateWatch,
  FormCancelEvent,
  duplicateNotice,
  fieldMessageText,
  focusById,
  focusFormProblem,
  recordForm,
  textField,
} from '../shared/form-kit.js';
import { styles } from './company-form.styles.js';

/** The fields of the company form, as `focusField` and `initialFocus` name them. */
export type CompanyFormField = 'name' | 'domain';

interface CompanyValues {
  name: string;
  domain: string;
}

const FIELD_ORDER: readonly CompanyFormField[] = ['name', 'domain'];

function fieldOf(field: ValidationField): CompanyFormField | undefined {
  return field === 'name' || field === 'domain' ? field : undefined;
}

const COMPANIES: RecordOperations<Company, CompanyDraft, CompanyPatch, 'company'> = {
  noun: 'company',
  get: (adapter, id) => adapter.getCompany(id),
  create: (adapter, draft, options) => adapter.createCompany(draft, options),
  update: (adapter, id, patch, options) => adapter.updateCompany(id, patch, options),
};

/** The fields of a valid patch that differ from the company, so an untouched field is not rewritten. */
function changedFields(value: { name?: string; domain?: string | null }, current: Company) {
  const patch: CompanyPatch = {};
  if (value.name !== undefined && value.name !== current.name) patch.name = value.name;
  if ((value.domain ?? undefined) !== current.domain) patch.domain = value.domain ?? null;
  return patch;
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
  static override styles = styles;

  // ---- Public properties ----------------------------------------------------------------------

  /** The adapter to write through; the container passes its own. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The company to edit; without it the form creates a new company. */
  @property({ attribute: false }) company?: Company;

  /** Values to start a new company with. */
  @property({ attribute: false }) draft?: CompanyDraft;

  /** The field to focus when the form first renders. */
  @property({ attribute: 'initial-focus' }) initialFocus?: CompanyFormField;

  /**
   * Milliseconds a save may go unanswered before the form treats its outcome as unknown: the
   * values stay, Save is available again and saving again never writes twice. 0: no limit.
   */
  @property({ type: Number, attribute: 'save-timeout' }) saveTimeout = DEFAULT_SAVE_TIMEOUT;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this, { common, form });
  /** The company that already has the typed domain, found while typing. */
  private readonly duplicates = new DuplicateWatch<'domain'>(this);
  private readonly saver = new RecordSaveController(this, {
    operations: COMPANIES,
    record: () => this.company,
    valuesOf,
    validateDraft: values => validateCompanyDraft(values),
    validatePatch: (values, base) => {
      const checked = validateCompanyPatch(values);
      return checked.ok ? { ok: true, value: changedFields(checked.value, base) } : checked;
    },
    intent: detail => new CompanySaveEvent(detail),
    saved: (mode, company) => new CompanySavedEvent({ mode, company }),
    fieldOf,
    fieldOrder: FIELD_ORDER,
    focusField: field => this.focusField(field),
    focusProblem: () => focusFormProblem(this),
    onUnchanged: () => this.cancel(),
    onEdit: field => {
      if (field === 'domain') this.checkDuplicate();
    },
    onReset: () => this.duplicates.reset(),
  });

  // ---- Public methods -------------------------------------------------------------------------

  /** Moves focus to one field. */
  focusField(field: CompanyFormField): Promise<void> {
    return focusById(this, field);
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

  private checkDuplicate(): void {
    const adapter = this.adapter;
    const domain = normalizeDomain(this.saver.values.domain);
    if (!adapter || !domain || domain === this.saver.base?.domain) {
      this.duplicates.clear('domain');
      return;
    }
    this.duplicates.check('domain', async signal => {
      const page = await adapter.listCompanies({ domain, limit: 2 }, { signal });
      return page.items.find(company => company.id !== this.saver.base?.id)?.id;
    });
  }

  private readonly cancel = () => {
    this.dispatchEvent(new FormCancelEvent());
  };

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    return recordForm(t, this.saver, this.cancel, this.renderFields());
  }

  private renderFields() {
    const t = this.localize.t;
    const { values, messages } = this.saver;
    const duplicate = this.duplicates.found.domain;
    return html`${textField({
      id: 'name',
      label: t.form.name,
      type: 'text',
      value: values.name,
      error: fieldMessageText(t, messages.name, id => this.duplicateContent(id)),
      onInput: this.saver.onInput,
    })}
    ${textField({
      id: 'domain',
      label: t.form.domain,
      type: 'text',
      value: values.domain,
      hint: t.form.domainHint,
      error: fieldMessageText(t, messages.domain, id => this.duplicateContent(id)),
      warning: duplicate ? this.duplicateContent(duplicate) : undefined,
      onInput: this.saver.onInput,
    })}`;
  }

  private duplicateContent(existingId: string | undefined) {
    const t = this.localize.t;
    return duplicateNotice(t.form.duplicateDomain, t.form.openExistingCompany, existingId, id =>
      this.dispatchEvent(new CompanyOpenExistingEvent({ companyId: id })),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-company-form': CompanyForm;
  }
}
