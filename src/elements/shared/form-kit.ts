/**
 * What the record forms share on screen: their internal cancel event, the form frame (problem
 * message, fields, Save and Cancel), the text-field template, field messages, and the warning
 * about a duplicate while typing. How a save runs lives in `RecordSaveController`.
 */
import {
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
  html,
  nothing,
} from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

import type {
  ConflictChoice,
  ConflictField,
  FieldMessage,
  FormProblem,
  RecordNoun,
} from '../../controllers/record-save-controller.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Translation } from '../../i18n/translation.js';
import type { Contact } from '../../model/types.js';
import { DebouncedLookup } from './debounced-lookup.js';
import { ownEntry } from './lookup.js';
import { saveErrorText } from './save-errors.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/**
 * The agent dismissed a form (Cancel, Escape, or Save with nothing changed). Internal: it bubbles
 * inside the container's shadow root but does not cross it.
 */
export class FormCancelEvent extends Event {
  static readonly eventName = 'contacts-form-cancel' as const;

  constructor() {
    super(FormCancelEvent.eventName, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-form-cancel': FormCancelEvent;
  }
}

/** What "Merge into …" asks for: `secondary` (the contact being edited) merged into `primaryId`. */
export interface MergeIntoDetail {
  /** The contact that already holds the typed value, which stays. */
  primaryId: string;
  /** The contact the form edits, which goes away. */
  secondary: Contact;
  /** The field whose typed value the primary holds; the merge keeps the primary's value. */
  field: 'email' | 'phone';
}

/**
 * The agent chose "Merge into …" beside "Open existing contact". Internal, like the cancel event:
 * the element that hosts the form opens the merge dialog.
 */
export class MergeIntoEvent extends Event {
  static readonly eventName = 'contacts-merge-into' as const;
  readonly detail: MergeIntoDetail;

  constructor(detail: MergeIntoDetail) {
    super(MergeIntoEvent.eventName, { bubbles: true, composed: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-merge-into': MergeIntoEvent;
  }
}

/** How long typing pauses before a form looks for another record with the same value. */
const DUPLICATE_LOOKUP_DELAY = 250;

/**
 * Warns while the agent types a value another record already holds (an email, a phone, a domain):
 * after a pause in typing, one abortable lookup per field, so an answer for an older value never
 * lands last. A failed lookup only means no warning; the save itself still reports duplicates.
 */
export class DuplicateWatch<K extends string> implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly lookup = new DebouncedLookup<K>(DUPLICATE_LOOKUP_DELAY);
  private foundValue: Partial<Record<K, string>> = {};

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** The id of the record that already holds each field's value, where one was found. */
  get found(): Partial<Record<K, string>> {
    return this.foundValue;
  }

  /** Drops the field's warning and, after the pause, asks `find` for a record with its new value. */
  check(field: K, find: (signal: AbortSignal) => Promise<string | undefined>): void {
    this.drop(field);
    this.lookup.schedule(field, async signal => {
      const id = await find(signal);
      if (signal.aborted || !id) return;
      this.foundValue = { ...this.foundValue, [field]: id };
      this.host.requestUpdate();
    });
  }

  /** Drops the field's warning and its pending lookup, e.g. when the field was emptied. */
  clear(field: K): void {
    this.drop(field);
    this.lookup.cancel(field);
  }

  /** Forgets every warning and lookup: the form started over. */
  reset(): void {
    this.foundValue = {};
    this.lookup.cancelAll();
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.lookup.cancelAll();
  }

  private drop(field: K): void {
    if (!this.foundValue[field]) return;
    const found = { ...this.foundValue };
    delete found[field];
    this.foundValue = found;
    this.host.requestUpdate();
  }
}

export interface TextFieldOptions {
  id: string;
  label: string;
  type: 'text' | 'email' | 'tel';
  value: string;
  hint?: string;
  /** Content of the error message; the field is invalid while it is set. */
  error?: TemplateResult | string;
  /** A non-blocking warning (announced politely), e.g. a possible duplicate. */
  warning?: TemplateResult | string;
  /** Further ids that describe the field, e.g. a form-level message about it. */
  describedBy?: string[];
  invalid?: boolean;
  inputmode?: 'text' | 'email' | 'tel';
  onInput: (event: Event) => void;
}

/** A labelled text input whose hint, error and warning are tied to it by aria-describedby. */
export function textField(options: TextFieldOptions): TemplateResult {
  const { id, hint, error, warning } = options;
  const describedBy = [
    hint ? `${id}-hint` : '',
    error ? `${id}-error` : '',
    warning ? `${id}-warning` : '',
    ...(options.describedBy ?? []),
  ]
    .filter(Boolean)
    .join(' ');
  const invalid = Boolean(error) || Boolean(options.invalid);
  return html`<div class="field" part="field">
    <label for=${id}>${options.label}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
    <input
      id=${id}
      name=${id}
      type=${options.type}
      inputmode=${ifDefined(options.inputmode)}
      autocomplete="off"
      spellcheck="false"
      .value=${live(options.value)}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy || undefined)}
      @input=${options.onInput}
    />
    ${error ? html`<p class="message message--error" id="${id}-error">${error}</p>` : nothing}
    <div class="live" aria-live="polite">
      ${
        warning
          ? html`<p class="message message--warning" id="${id}-warning">${warning}</p>`
          : nothing
      }
    </div>
  </div>`;
}

/** What the form frame reads from, and asks of, the save controller. */
export interface SaveView {
  readonly noun: RecordNoun;
  readonly problem: FormProblem | undefined;
  readonly busy: boolean;
  /** On a conflict, the fields both sides changed, with both values. */
  readonly conflicts: readonly ConflictField<string>[];
  choose(field: string, choice: ConflictChoice): void;
  save(): Promise<void>;
  reload(): Promise<void>;
  overwrite(): Promise<void>;
}

/** The headings of a conflict ("This contact was changed by someone else.") and a failed save. */
/**
 * The message for a validation code. A host's adapter may send codes this package does not know
 * (or that are `Object` members): they get the general "refused" message, never a lookup miss.
 */
export function validationText(t: Translation, code: string): string {
  return ownEntry(t.common.validation, code) ?? t.form.errorRefused;
}

function problemTexts(t: Translation, noun: RecordNoun): { conflict: string; notSaved: string } {
  return noun === 'contact'
    ? { conflict: t.form.conflictContact, notSaved: t.form.notSavedContact }
    : { conflict: t.form.conflictCompany, notSaved: t.form.notSavedCompany };
}

/**
 * A record form: the form-level problem above the fields, then Save, Cancel and the saving status.
 * Submitting saves through `saver`; Save stays focusable while busy and the latch ignores it.
 */
export function recordForm(
  t: Translation,
  saver: SaveView,
  onCancel: () => void,
  fields: TemplateResult,
): TemplateResult {
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void saver.save();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) onCancel();
  };
  return html`<form part="form" novalidate @submit=${onSubmit} @keydown=${onKeyDown}>
    ${formProblem(t, saver)} ${fields}
    <div class="actions" part="actions">
      <button class="primary" type="submit" aria-disabled=${saver.busy ? 'true' : 'false'}>
        ${t.common.save}
      </button>
      <button type="button" @click=${onCancel}>${t.common.cancel}</button>
      <span class="saving" role="status">${saver.busy ? t.common.saving : nothing}</span>
    </div>
  </form>`;
}

/**
 * The form-level message above the fields: a refused record, a conflicting version with Reload /
 * Overwrite, or a failed save with what to do next. Focus moves to it (`focusFormProblem`).
 */
function formProblem(t: Translation, saver: SaveView): TemplateResult | typeof nothing {
  const problem = saver.problem;
  if (!problem) return nothing;
  const texts = problemTexts(t, saver.noun);
  const tone = problem.status === 'conflict' ? 'warning' : 'danger';
  let body: TemplateResult;
  if (problem.status === 'invalid') {
    body = html`<p>${validationText(t, problem.code)}</p>`;
  } else if (problem.status === 'conflict') {
    body = html`<p><strong>${texts.conflict}</strong></p>
      <p>${t.form.conflictHint}</p>
      ${conflictChoices(t, saver)}
      <div class="alert-actions">
        <button type="button" @click=${() => void saver.reload()}>${t.form.reload}</button>
        <button type="button" @click=${() => void saver.overwrite()}>${t.form.overwrite}</button>
      </div>`;
  } else {
    body = html`<p>
        <strong>${texts.notSaved}</strong>
        ${problem.error === undefined ? t.common.noAdapter : saveErrorText(t, problem.error)}
      </p>
      <p>${t.form.retryHint}</p>`;
  }
  return html`<div
    id="form-problem"
    class="alert alert--${tone}"
    role="alert"
    tabindex="-1"
    part="error"
  >
    ${body}
  </div>`;
}

/** The label of a form field, as the field shows it. */
function fieldLabel(t: Translation, field: string): string {
  switch (field) {
    case 'name':
    case 'email':
    case 'phone':
    case 'company':
    case 'domain':
      return t.form[field];
    default:
      return field;
  }
}

/**
 * For each field both the agent and someone else changed: a radio group named by the field's
 * label, "Mine: …" or "Theirs: …", which Overwrite applies.
 */
function conflictChoices(t: Translation, saver: SaveView): TemplateResult | typeof nothing {
  const conflicts = saver.conflicts;
  if (!conflicts.length) return nothing;
  const shown = (value: string) => value || t.form.emptyValue;
  const option = (item: ConflictField<string>, side: ConflictChoice, text: string) =>
    html`<label class="choice">
      <input
        type="radio"
        name="conflict-${item.field}"
        value=${side}
        .checked=${live(item.choice === side)}
        @change=${() => saver.choose(item.field, side)}
      />
      ${text}
    </label>`;
  return html`<p>${t.form.conflictBoth}</p>
    ${conflicts.map(
      item =>
        html`<div class="conflict-field" role="radiogroup" aria-label=${fieldLabel(t, item.field)}>
          <span aria-hidden="true">${fieldLabel(t, item.field)}</span>
          ${option(item, 'mine', t.form.conflictMine(shown(item.mine)))}
          ${option(item, 'theirs', t.form.conflictTheirs(shown(item.theirs)))}
        </div>`,
    )}`;
}

interface RenderedHost {
  readonly updateComplete: Promise<boolean>;
  readonly renderRoot: ParentNode;
}

/** Moves focus to the element with this id in the host's shadow root, once it has rendered. */
export async function focusById(host: RenderedHost, id: string): Promise<void> {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
}

/** Moves focus to the form-level message of a rendered `recordForm`. */
export function focusFormProblem(host: RenderedHost): Promise<void> {
  return focusById(host, 'form-problem');
}

/**
 * The text under a field for its message: the validation text, or for a duplicate the `duplicate`
 * notice (which offers to open the record that holds the value).
 */
export function fieldMessageText(
  t: Translation,
  message: FieldMessage | undefined,
  duplicate: (existingId: string | undefined) => TemplateResult,
): TemplateResult | string | undefined {
  if (!message) return undefined;
  if (message.code !== 'duplicate') return validationText(t, message.code);
  return duplicate(message.existingId);
}

/** "A … with this … already exists." and, when the record is known, a button that opens it. */
export function duplicateNotice(
  text: string,
  openLabel: string,
  existingId: string | undefined,
  onOpen: (existingId: string) => void,
  merge?: { label: string; onMerge: (existingId: string) => void },
): TemplateResult {
  return html`<span>${text}</span>${
      existingId
        ? html`<button type="button" class="link" @click=${() => onOpen(existingId)}>
              ${openLabel}
            </button>
            ${
              merge
                ? html`<button type="button" class="link" @click=${() => merge.onMerge(existingId)}>
                    ${merge.label}
                  </button>`
                : nothing
            }`
        : nothing
    }`;
}
