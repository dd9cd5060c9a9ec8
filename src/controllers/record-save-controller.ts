/**
 * The save protocol every record form follows (the contact and company forms today, and any later
 * form that creates or edits one record): the values the agent types, the form's own validation,
 * a cancelable intent event, the write through the adapter with an idempotency key or an expected
 * version, the outcome event, and what a failure leaves behind: messages on fields, a form-level
 * problem, and every typed value kept.
 *
 * The controller holds no markup. Its host renders `values`, `messages`, `problem` and `busy`, calls
 * `edit` as the agent types, `save` on submit, and `reload` / `overwrite` from a conflict.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { isAbortError, isContactsError } from '../adapter/errors.js';
import type { ContactsAdapter } from '../adapter/types.js';
import { newIdempotencyKey } from '../adapter/util.js';
import { ContactsErrorEvent } from '../events/contacts-error.js';
import type {
  FieldErrors,
  ValidationCode,
  Validated,
  ValidationField,
} from '../model/validation.js';

// ---- Vocabulary ---------------------------------------------------------------------------------

/** A message under one field: a validation code, or a value another record already holds. */
export interface FieldMessage {
  code: ValidationCode | 'duplicate';
  /** The record holding the value, for `duplicate`. */
  existingId?: string;
}

/** What is wrong with the form as a whole; each is also a settled state of the save. */
export type FormProblem =
  /** A rule over several fields refused the values, e.g. a contact needs an email or a phone. */
  | { readonly status: 'invalid'; readonly code: ValidationCode }
  /** Someone else changed the record since editing began: the agent chooses Reload or Overwrite. */
  | { readonly status: 'conflict' }
  /** The write failed (or there is no adapter, `error` undefined); Save again retries it. */
  | { readonly status: 'failed'; readonly error: unknown };

/**
 * Where the save stands. `busy` states remember the problem on screen when they began, which stays
 * shown (and focused) until the outcome replaces it.
 *
 * ```
 *   idle | invalid | conflict | failed ──save()──▶ saving
 *   saving ──validation refused──▶ idle (field messages) | invalid
 *   saving ──nothing changed (the host dismisses the form)──▶ as before
 *   saving ──the host prevented the intent, or the write was aborted──▶ idle
 *   saving ──written──▶ idle (reset: values from the record, a new idempotency key)
 *   saving ──adapter refused──▶ idle (field messages) | invalid | conflict | failed
 *   conflict ──reload() / overwrite()──▶ refreshing ──latest read──▶ idle (reload) | saving (overwrite)
 *   refreshing ──read failed──▶ failed
 * ```
 */
export type SaveState =
  | { readonly status: 'idle' }
  | { readonly status: 'saving'; readonly showing?: FormProblem }
  | { readonly status: 'refreshing'; readonly showing?: FormProblem }
  | FormProblem;

const IDLE: SaveState = { status: 'idle' };

/** The kinds of record a form saves. */
export type RecordNoun = 'contact' | 'company';

/**
 * A save as the intent event announces it and the adapter receives it. An update names its record
 * after the kind, as every event does: `contactId`, `companyId`.
 */
export type SaveRequest<D, P, N extends RecordNoun> =
  | { mode: 'create'; values: D }
  | ({ mode: 'update'; expectedVersion: number; values: P } & { [key in `${N}Id`]: string });

/** A record a form edits: identified, and versioned so concurrent edits are detected. */
export interface SavedRecord {
  id: string;
  version: number;
}

/** One kind of record: its name and its adapter calls. */
export interface RecordOperations<R extends SavedRecord, D, P, N extends RecordNoun> {
  /** Names the record in texts, in `contacts-error` operations (`get-<noun>`, …) and in requests. */
  noun: N;
  get(adapter: ContactsAdapter, id: string): Promise<R>;
  create(adapter: ContactsAdapter, draft: D, options: { idempotencyKey: string }): Promise<R>;
  update(
    adapter: ContactsAdapter,
    id: string,
    patch: P,
    options: { expectedVersion: number },
  ): Promise<R>;
}

/** A form element: it writes through its `adapter` and prefills a new record from its `draft`. */
export type RecordFormHost<S> = ReactiveControllerHost &
  HTMLElement & { readonly adapter?: ContactsAdapter; readonly draft?: S };

export interface RecordSaveOptions<
  R extends SavedRecord,
  V,
  F extends string,
  D,
  P,
  N extends RecordNoun,
  S,
> {
  operations: RecordOperations<R, D, P, N>;
  /** The record the host edits, e.g. its `contact` property; undefined while creating. */
  record: () => R | undefined;
  /** The values the fields start from: the record's, or (without one) the host's `draft`. */
  valuesOf: (record: R | undefined, draft: S | undefined) => V;
  /** The form's own validation of a new record. */
  validateDraft: (values: V) => Validated<D> | Promise<Validated<D>>;
  /** The form's own validation of an edit: the fields that differ from `base` (none: unchanged). */
  validatePatch: (values: V, base: R) => Validated<P> | Promise<Validated<P>>;
  /** The cancelable intent event, fired before the write; its `detail` is what gets written. */
  intent: (request: SaveRequest<D, P, N>) => Event & { readonly detail: SaveRequest<D, P, N> };
  /** The outcome event, fired once the form is ready for the next save. */
  saved: (mode: 'create' | 'update', record: R) => Event;
  /** The form field a validation field (or a field of an adapter error) belongs to, if any. */
  fieldOf: (field: ValidationField) => F | undefined;
  /** The fields in visual order: the first with a message takes focus. */
  fieldOrder: readonly F[];
  /** Where the agent fixes a form-level rule; without it, the problem message takes focus. */
  formRuleField?: F;
  focusField: (field: F) => Promise<void>;
  focusProblem: () => Promise<void>;
  /** Save found nothing to change: the host dismisses the form. */
  onUnchanged: () => void;
  /** The agent changed `field` (after `edit` stored it): the host reacts, e.g. looks for duplicates. */
  onEdit?: (field: F) => void;
  /** The form started over (another record, a save, a reload): the host drops what it derived. */
  onReset?: () => void;
}

/** Splits an adapter rejection into field messages and a form-level problem. */
export function classifySaveError<F extends string>(
  error: unknown,
  fieldOf: (field: ValidationField) => F | undefined,
): { messages: Partial<Record<F, FieldMessage>>; problem?: FormProblem } {
  const messages: Partial<Record<F, FieldMessage>> = {};
  if (isContactsError(error, 'validation') && error.fields) {
    let problem: FormProblem | undefined;
    for (const [field, code] of Object.entries(error.fields) as [
      ValidationField,
      ValidationCode,
    ][]) {
      const name = field === 'form' ? undefined : fieldOf(field);
      if (name) messages[name] = { code };
      else problem ??= { status: 'invalid', code };
    }
    return problem ? { messages, problem } : { messages };
  }
  if (isContactsError(error, 'duplicate') && error.field) {
    const name = fieldOf(error.field);
    if (name) {
      messages[name] = error.existingId
        ? { code: 'duplicate', existingId: error.existingId }
        : { code: 'duplicate' };
      return { messages };
    }
  }
  if (isContactsError(error, 'conflict')) return { messages, problem: { status: 'conflict' } };
  return { messages, problem: { status: 'failed', error } };
}

// ---- The controller -----------------------------------------------------------------------------

/**
 * Creates or edits one record of type `R` from form values `V`, with fields named `F`: it writes
 * drafts `D` and patches `P` of the kind `N`, and prefills a new record from the host's starting
 * values `S`.
 */
export class RecordSaveController<
  R extends SavedRecord,
  V,
  F extends string,
  D,
  P,
  N extends RecordNoun,
  S,
> implements ReactiveController {
  private readonly host: RecordFormHost<S>;
  private readonly options: RecordSaveOptions<R, V, F, D, P, N, S>;

  private stateValue: SaveState = IDLE;
  private valuesValue: V;
  private messagesValue: Partial<Record<F, FieldMessage>> = {};
  /** The record the edits apply to, as it was when editing began (or after Reload/Overwrite). */
  private baseValue?: R;
  private dirty = false;
  /** The host's record and draft as the last update saw them; unset before the first. */
  private seen?: { record: R | undefined; draft: S | undefined };

  /**
   * One key per create intent. Drawn whenever the form starts over (`reset`) and kept through every
   * retry until a create succeeds, so a Save whose first answer was lost replays that write instead
   * of adding a second record. Nothing else renews it.
   */
  private idempotencyKey = newIdempotencyKey();

  constructor(host: RecordFormHost<S>, options: RecordSaveOptions<R, V, F, D, P, N, S>) {
    this.host = host;
    this.options = options;
    this.valuesValue = options.valuesOf(undefined, undefined);
    host.addController(this);
  }

  /**
   * Before each render, follows the host's record. The first update starts the form. A different
   * record, or a newer version of the same one while the form is untouched and shows no problem,
   * starts over; otherwise typed edits stay, and the version they started from makes Save report
   * the conflict instead of overwriting it. A new draft refills an untouched new record.
   */
  hostUpdate(): void {
    const record = this.options.record();
    const draft = this.host.draft;
    const seen = this.seen;
    this.seen = { record, draft };
    if (!seen) {
      this.reset(record);
    } else if (record !== seen.record) {
      if (record?.id !== this.baseValue?.id || (record && !this.dirty && !this.problem)) {
        this.reset(record);
      }
    } else if (draft !== seen.draft && !this.baseValue && !this.dirty) {
      this.valuesValue = this.options.valuesOf(undefined, draft);
    }
  }

  /**
   * Leaving the page does not abort a save in flight: the write completes, so a record the agent
   * saved is not lost half-way, and the outcome event still reaches whoever listens.
   */
  hostDisconnected(): void {}

  // ---- What the host renders --------------------------------------------------------------------

  /** The kind of record saved. */
  get noun(): N {
    return this.options.operations.noun;
  }

  get state(): SaveState {
    return this.stateValue;
  }

  /** Saving, or reading the latest version: Save, Reload and Overwrite wait. */
  get busy(): boolean {
    return this.stateValue.status === 'saving' || this.stateValue.status === 'refreshing';
  }

  /** The form-level problem on screen, if any. */
  get problem(): FormProblem | undefined {
    const state = this.stateValue;
    if (state.status === 'idle') return undefined;
    if (state.status === 'saving' || state.status === 'refreshing') return state.showing;
    return state;
  }

  get values(): V {
    return this.valuesValue;
  }

  get messages(): Partial<Record<F, FieldMessage>> {
    return this.messagesValue;
  }

  /** The record being edited; undefined while creating. */
  get base(): R | undefined {
    return this.baseValue;
  }

  // ---- What the host calls ----------------------------------------------------------------------

  /** The agent changed `field`: keeps the new values and drops that field's message. */
  edit(values: Partial<V>, field: F): void {
    this.valuesValue = { ...this.valuesValue, ...values };
    this.dirty = true;
    this.host.requestUpdate();
    this.clearMessage(field);
    this.options.onEdit?.(field);
  }

  /** An `input` listener for a text field whose `name` is both its value key and its field name. */
  readonly onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.edit({ [input.name]: input.value } as Partial<V>, input.name as F);
  };

  clearMessage(field: F): void {
    if (!this.messagesValue[field]) return;
    const messages = { ...this.messagesValue };
    delete messages[field];
    this.messagesValue = messages;
    this.host.requestUpdate();
  }

  /** Drops a form-level `invalid` problem with this code, as the agent starts fixing it. */
  clearInvalid(code: ValidationCode): void {
    const problem = this.problem;
    if (problem?.status === 'invalid' && problem.code === code) this.clearProblem();
  }

  /** Validates, announces the intent, writes unless the host took over, then announces the outcome. */
  async save(): Promise<void> {
    // Held from the first click through validation and the write, so a double click saves once.
    if (this.busy) return;
    this.to({ status: 'saving', showing: this.problem });
    let saved: { mode: 'create' | 'update'; record: R } | undefined;
    try {
      saved = await this.validateAndWrite();
    } finally {
      // Paths that settle nothing (unchanged, prevented) leave the problem that was on screen.
      const state = this.stateValue;
      if (state.status === 'saving') this.to(state.showing ?? IDLE);
    }
    // Announced once the form is ready again, so a listener can start the next save at once.
    if (saved) this.host.dispatchEvent(this.options.saved(saved.mode, saved.record));
  }

  /** Conflict: the agent discards their edits and continues from the latest version. */
  async reload(): Promise<void> {
    const latest = await this.readLatest();
    if (!latest) return;
    this.reset(latest);
    const first = this.options.fieldOrder[0];
    if (first) void this.options.focusField(first);
  }

  /** Conflict: the agent's values win over the latest version. */
  async overwrite(): Promise<void> {
    const latest = await this.readLatest();
    if (!latest) return;
    this.baseValue = latest;
    await this.save();
  }

  // ---- Implementation ---------------------------------------------------------------------------

  private to(state: SaveState): void {
    this.stateValue = state;
    this.host.requestUpdate();
  }

  /** Takes the problem off the screen; a save or a read in flight stays in flight. */
  private clearProblem(): void {
    const { status } = this.stateValue;
    this.to(status === 'saving' || status === 'refreshing' ? { status } : IDLE);
  }

  /** Starts over from `record` (or a new one): its values, no messages, a new create intent. */
  private reset(record: R | undefined): void {
    this.baseValue = record;
    this.valuesValue = this.options.valuesOf(record, this.host.draft);
    this.messagesValue = {};
    this.dirty = false;
    this.idempotencyKey = newIdempotencyKey();
    this.clearProblem();
    this.options.onReset?.();
  }

  /** Returns what was written, or undefined when nothing was (invalid, prevented, failed). */
  private async validateAndWrite(): Promise<{ mode: 'create' | 'update'; record: R } | undefined> {
    const request = await this.validate();
    if (!request) return undefined;
    this.messagesValue = {};
    this.to({ status: 'saving' });
    const intent = this.options.intent(request);
    this.host.dispatchEvent(intent);
    if (intent.defaultPrevented) return undefined;
    const adapter = this.host.adapter;
    if (!adapter) {
      this.fail(undefined);
      return undefined;
    }
    const detail = intent.detail;
    const { operations } = this.options;
    try {
      const record =
        detail.mode === 'create'
          ? await operations.create(adapter, detail.values, {
              idempotencyKey: this.idempotencyKey,
            })
          : await operations.update(adapter, detail[`${operations.noun}Id`], detail.values, {
              expectedVersion: detail.expectedVersion,
            });
      this.reset(detail.mode === 'create' ? undefined : record);
      return { mode: detail.mode, record };
    } catch (error) {
      if (isAbortError(error)) return undefined;
      this.report(detail.mode, error);
      const { messages, problem } = classifySaveError(error, this.options.fieldOf);
      this.messagesValue = messages;
      this.to(problem ?? IDLE);
      if (problem && problem.status !== 'invalid') void this.options.focusProblem();
      else void this.focusFirstInvalid();
      return undefined;
    }
  }

  /** The request the values make, or undefined when they are refused or change nothing. */
  private async validate(): Promise<SaveRequest<D, P, N> | undefined> {
    const base = this.baseValue;
    const values = this.valuesValue;
    if (!base) {
      const checked = await this.options.validateDraft(values);
      if (!checked.ok) return this.refuse(checked.errors);
      return { mode: 'create', values: checked.value };
    }
    const checked = await this.options.validatePatch(values, base);
    if (!checked.ok) return this.refuse(checked.errors);
    if (!Object.keys(checked.value as object).length) {
      this.options.onUnchanged();
      return undefined;
    }
    return {
      mode: 'update',
      [`${this.options.operations.noun}Id`]: base.id,
      expectedVersion: base.version,
      values: checked.value,
    } as SaveRequest<D, P, N>;
  }

  /** Shows the form's own validation errors and focuses the first; returns undefined. */
  private refuse(errors: FieldErrors): undefined {
    const messages: Partial<Record<F, FieldMessage>> = {};
    for (const [field, code] of Object.entries(errors) as [ValidationField, ValidationCode][]) {
      const name = this.options.fieldOf(field);
      if (name) messages[name] = { code };
    }
    this.messagesValue = messages;
    this.to(errors.form ? { status: 'invalid', code: errors.form } : IDLE);
    void this.focusFirstInvalid();
    return undefined;
  }

  /** Reads the record again for Reload or Overwrite; undefined when that is not possible now. */
  private async readLatest(): Promise<R | undefined> {
    const adapter = this.host.adapter;
    const id = this.baseValue?.id;
    if (!adapter || !id || this.busy) return undefined;
    const showing = this.problem;
    this.to({ status: 'refreshing', showing });
    try {
      const latest = await this.options.operations.get(adapter, id);
      this.to(showing ?? IDLE);
      return latest;
    } catch (error) {
      if (isAbortError(error)) {
        this.to(showing ?? IDLE);
      } else {
        this.report('get', error);
        this.fail(error);
      }
      return undefined;
    }
  }

  private fail(error: unknown): void {
    this.to({ status: 'failed', error });
    void this.options.focusProblem();
  }

  private report(action: 'get' | 'create' | 'update', error: unknown): void {
    const operation = `${action}-${this.options.operations.noun}`;
    this.host.dispatchEvent(new ContactsErrorEvent({ operation, error }));
  }

  /** Focus goes to the first field with a message, else to where a form-level rule is fixed. */
  private async focusFirstInvalid(): Promise<void> {
    const { fieldOrder, formRuleField, focusField, focusProblem } = this.options;
    const first = fieldOrder.find(field => this.messagesValue[field]);
    if (first) return focusField(first);
    if (this.problem?.status !== 'invalid') return;
    return formRuleField ? focusField(formRuleField) : focusProblem();
  }
}
