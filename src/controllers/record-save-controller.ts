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

import { ContactsError, isAbortError, isContactsError } from '../adapter/errors.js';
import type { ContactsAdapter } from '../adapter/types.js';
import { newIdempotencyKey } from '../adapter/util.js';
import { ContactsErrorEvent } from '../events/contacts-error.js';
import {
  SavePendingEvent,
  type SaveSettled,
  type SaveSnapshot,
} from './save-outcome-controller.js';
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
 *   saving ──written──▶ idle (reset: values from the record, no unsettled create)
 *   saving ──no answer in time, or the answer lost──▶ failed (values kept; Save settles it)
 *   saving ──adapter refused──▶ idle (field messages) | invalid | conflict | failed
 *   conflict ──reload() / overwrite()──▶ refreshing ──latest read──▶ idle (reload, merged) | saving (overwrite, merged)
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
  HTMLElement & {
    readonly adapter?: ContactsAdapter;
    readonly draft?: S;
    /** Milliseconds a write may go unanswered (default 30 s); 0 or Infinity: no limit. */
    readonly saveTimeout?: number;
  };

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
  if (isContactsError(error, 'validation')) {
    let problem: FormProblem | undefined;
    for (const [field, code] of Object.entries(error.fields ?? {}) as [
      ValidationField,
      ValidationCode,
    ][]) {
      const name = field === 'form' ? undefined : fieldOf(field);
      if (name) messages[name] = { code };
      else problem ??= { status: 'invalid', code };
    }
    // Refused without a field this form shows (none named, or only unknown ones): say so above.
    if (!problem && !Object.keys(messages).length) problem = { status: 'failed', error };
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

// ---- Idempotency, time limits, merging ----------------------------------------------------------

/** How long a write may go unanswered before its outcome is treated as unknown. */
export const DEFAULT_SAVE_TIMEOUT = 30_000;

/**
 * Refusals that leave nothing written: the attempt is over, and its key may go. Any other failure
 * (no answer, a garbled answer, a server error) may have written, so the attempt stays unsettled.
 */
function refusedForSure(error: unknown): boolean {
  return (
    isContactsError(error, 'validation') ||
    isContactsError(error, 'duplicate') ||
    isContactsError(error, 'conflict') ||
    isContactsError(error, 'unauthorized') ||
    isContactsError(error, 'not-found')
  );
}

/** A create that was sent but whose outcome is unknown: its key and exactly what it carried. */
interface UnsettledCreate<D> {
  readonly key: string;
  readonly draft: D;
  readonly body: string;
}

/** The same JSON whatever order the keys were set in. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Two form values are the same when equal, an empty string and a missing value being equal. */
function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? '') === (b ?? '');
}

/** Which side a field both the agent and someone else changed takes on Overwrite. */
export type ConflictChoice = 'mine' | 'theirs';

/** A field both the agent and someone else changed since the form's base, with both values. */
export interface ConflictField<F extends string> {
  readonly field: F;
  readonly mine: string;
  readonly theirs: string;
  readonly choice: ConflictChoice;
}

/** What a snapshot of the form holds (`SaveSnapshot.state`). */
interface FormState<R, V, D> {
  values: V;
  base: R | undefined;
  unsettled: UnsettledCreate<D> | undefined;
  error: unknown;
}

/** What one write works with; the controller takes it back unless the form moved on meanwhile. */
interface WriteContext<R, D> {
  base: R | undefined;
  unsettled: UnsettledCreate<D> | undefined;
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
  /** Counts the times the form started over: a write that ends in a later one is orphaned. */
  private generation = 0;

  /**
   * The last create whose outcome is unknown (no answer, a lost or garbled one). Saving the same
   * body again reuses its key, so the server replays it; saving another body first settles it
   * with its own key and body, then writes the correction as an edit of the record it made.
   * One key per intent and payload: a key never goes out with two bodies.
   */
  private unsettled?: UnsettledCreate<D>;

  /** On a conflict: the latest version, read at once so both values of a field can be shown. */
  private latestValue?: R;
  private choices: Partial<Record<F, ConflictChoice>> = {};

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
        // A save in flight for what the form held before is reported by the host, not here.
        this.reset(record);
        if (this.busy) this.to(IDLE);
      }
    } else if (draft !== seen.draft && !this.baseValue && !this.dirty) {
      this.valuesValue = this.options.valuesOf(undefined, draft);
    }
  }

  /**
   * Leaving the page does not abort a save in flight: the write completes, so a record the agent
   * saved is not lost half-way, and the element hosting the form reports the outcome.
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

  /**
   * While a conflict is shown: the fields both the agent and someone else changed, to different
   * values, with both values and the side each takes on Overwrite (the agent's unless chosen).
   */
  get conflicts(): readonly ConflictField<F>[] {
    const base = this.baseValue;
    const latest = this.latestValue;
    if (!base || !latest || this.problem?.status !== 'conflict') return [];
    const was = this.valuesAt(base);
    const theirs = this.valuesAt(latest);
    const mine = this.valuesValue as Record<string, unknown>;
    const found: ConflictField<F>[] = [];
    for (const key of Object.keys(was)) {
      const field = this.options.fieldOf(key as ValidationField);
      if (!field) continue;
      if (sameValue(mine[key], was[key]) || sameValue(theirs[key], was[key])) continue;
      if (sameValue(mine[key], theirs[key])) continue;
      found.push({
        field,
        mine: String(mine[key] ?? ''),
        theirs: String(theirs[key] ?? ''),
        choice: this.choices[field] ?? 'mine',
      });
    }
    return found;
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

  /** On a conflict, which value a field both sides changed takes on Overwrite. */
  choose(field: F, choice: ConflictChoice): void {
    this.choices = { ...this.choices, [field]: choice };
    this.host.requestUpdate();
  }

  /** Validates, announces the intent, writes unless the host took over, then announces the outcome. */
  async save(): Promise<void> {
    // Held from the first click through validation and the write, so a double click saves once.
    if (this.busy) return;
    this.to({ status: 'saving', showing: this.problem });
    let saved: Event | undefined;
    try {
      saved = await this.validateAndWrite();
    } finally {
      // Paths that settle nothing (unchanged, prevented) leave the problem that was on screen.
      const state = this.stateValue;
      if (state.status === 'saving') this.to(state.showing ?? IDLE);
    }
    // Announced once the form is ready again, so a listener can start the next save at once.
    if (saved) this.host.dispatchEvent(saved);
  }

  /**
   * Conflict: continues from the latest version. Fields someone else changed take their value;
   * what the agent typed in the others stays.
   */
  async reload(): Promise<void> {
    const latest = await this.readLatest();
    if (!latest) return;
    const base = this.baseValue;
    const kept = base ? this.merge(latest, base, () => 'theirs') : undefined;
    this.reset(latest);
    if (kept) {
      const now = this.valuesAt(latest);
      const changed = Object.keys(now).some(key => !sameValue(kept[key], now[key]));
      if (changed) {
        this.valuesValue = kept as V;
        this.dirty = true;
      }
    }
    const first = this.options.fieldOrder[0];
    if (first) void this.options.focusField(first);
  }

  /**
   * Conflict: writes what the agent changed over the latest version. Fields only someone else
   * changed keep their value; a field both changed takes the side the agent chose (theirs when
   * chosen, the agent's otherwise). Only the fields that then differ from the latest are sent.
   */
  async overwrite(): Promise<void> {
    const latest = await this.readLatest();
    if (!latest) return;
    const base = this.baseValue;
    if (base) {
      this.valuesValue = this.merge(latest, base, field => this.choices[field] ?? 'mine') as V;
    }
    this.baseValue = latest;
    this.latestValue = undefined;
    this.choices = {};
    await this.save();
  }

  /** Everything the form needs to come back as it is now (Reopen after its host closed it). */
  snapshot(error?: unknown): SaveSnapshot {
    const state: FormState<R, V, D> = {
      values: this.valuesValue,
      base: this.baseValue,
      unsettled: this.unsettled,
      error,
    };
    const base = this.baseValue;
    return base
      ? { noun: this.noun, mode: 'update', recordId: base.id, state }
      : { noun: this.noun, mode: 'create', state };
  }

  /**
   * Takes back a snapshot: the typed values, the record and the unsettled create, and its failure.
   * Refused (false) when the form now edits another record or creates instead of editing: an
   * agent's values for one record never land on another.
   */
  resume(snapshot: SaveSnapshot): boolean {
    if (snapshot.noun !== this.noun) return false;
    const record = this.options.record();
    if ((snapshot.mode === 'update') !== !!record) return false;
    if (snapshot.mode === 'update' && snapshot.recordId !== record?.id) return false;
    const state = snapshot.state as FormState<R, V, D>;
    this.generation++;
    this.baseValue = state.base;
    this.valuesValue = state.values;
    this.unsettled = state.unsettled;
    this.messagesValue = {};
    this.latestValue = undefined;
    this.choices = {};
    this.dirty = true;
    this.seen = { record: this.options.record(), draft: this.host.draft };
    this.options.onReset?.();
    this.to({ status: 'failed', error: state.error });
    return true;
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
    this.generation++;
    this.baseValue = record;
    this.valuesValue = this.options.valuesOf(record, this.host.draft);
    this.messagesValue = {};
    this.dirty = false;
    this.unsettled = undefined;
    this.latestValue = undefined;
    this.choices = {};
    this.clearProblem();
    this.options.onReset?.();
  }

  /** The form values of `record`, by value key. */
  private valuesAt(record: R): Record<string, unknown> {
    return this.options.valuesOf(record, undefined) as Record<string, unknown>;
  }

  /**
   * The agent's values over `latest`: a field someone else changed since `base` takes their value
   * unless the agent changed it too and `side` says theirs loses.
   */
  private merge(latest: R, base: R, side: (field: F) => ConflictChoice): Record<string, unknown> {
    const was = this.valuesAt(base);
    const theirs = this.valuesAt(latest);
    const merged = { ...(this.valuesValue as Record<string, unknown>) };
    for (const key of Object.keys(was)) {
      if (sameValue(theirs[key], was[key])) continue;
      const field = this.options.fieldOf(key as ValidationField);
      const mineChanged = !sameValue(merged[key], was[key]);
      if (!mineChanged || !field || side(field) === 'theirs') merged[key] = theirs[key];
    }
    return merged;
  }

  /** A write that is not answered in time is treated like a lost answer: outcome unknown. */
  private timed<T>(promise: Promise<T>): Promise<T> {
    const ms = this.host.saveTimeout ?? DEFAULT_SAVE_TIMEOUT;
    if (!(ms > 0) || !Number.isFinite(ms)) return promise;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new ContactsError('network', `The save was not answered within ${ms} ms.`, {
            details: { timeoutMs: ms },
          }),
        );
      }, ms);
      promise.then(
        value => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** The form has closed or started over since `generation`: a write's outcome is not its own. */
  private orphaned(generation: number): boolean {
    return generation !== this.generation || !this.host.isConnected;
  }

  /** Returns the outcome event to fire, or undefined when nothing was written here. */
  private async validateAndWrite(): Promise<Event | undefined> {
    // Announced while the form is surely on the page (the host may take it away during the
    // validation that follows), so the host hears the outcome whatever happens next.
    let settle!: (settled: SaveSettled | undefined) => void;
    const settled = new Promise<SaveSettled | undefined>(resolve => (settle = resolve));
    this.host.dispatchEvent(new SavePendingEvent(this.noun, settled));
    const generation = this.generation;
    const values = this.valuesValue;
    const request = await this.validate();
    if (!request) {
      settle(undefined);
      return undefined;
    }
    this.messagesValue = {};
    this.to({ status: 'saving' });
    const intent = this.options.intent(request);
    this.host.dispatchEvent(intent);
    const adapter = this.host.adapter;
    if (intent.defaultPrevented || !adapter) {
      settle(undefined);
      if (!intent.defaultPrevented) this.fail(undefined);
      return undefined;
    }
    const detail = intent.detail;
    const context: WriteContext<R, D> = { base: this.baseValue, unsettled: this.unsettled };
    try {
      const record = await this.write(adapter, detail, context, values);
      const saved = this.options.saved(detail.mode, record);
      const orphaned = this.orphaned(generation);
      if (generation === this.generation) this.reset(detail.mode === 'create' ? undefined : record);
      settle({ ok: true, orphaned, saved });
      return orphaned ? undefined : saved;
    } catch (error) {
      if (isAbortError(error)) {
        settle(undefined);
        return undefined;
      }
      this.report(detail.mode, error);
      const orphaned = this.orphaned(generation);
      const state: FormState<R, V, D> = {
        values,
        base: context.base,
        unsettled: context.unsettled,
        error,
      };
      const base = context.base;
      settle({
        ok: false,
        orphaned,
        error,
        snapshot: base
          ? { noun: this.noun, mode: 'update', recordId: base.id, state }
          : { noun: this.noun, mode: 'create', state },
      });
      if (generation !== this.generation) return undefined;
      this.baseValue = context.base;
      this.unsettled = context.unsettled;
      const { messages, problem } = classifySaveError(error, this.options.fieldOf);
      if (problem?.status === 'conflict') this.latestValue = await this.peekLatest(adapter);
      this.messagesValue = messages;
      this.to(problem ?? IDLE);
      if (problem && problem.status !== 'invalid') void this.options.focusProblem();
      else void this.focusFirstInvalid();
      return undefined;
    }
  }

  /**
   * Writes `detail`. A create first settles an earlier create of another body whose outcome is
   * unknown (re-sent with its own key and body): if that made a record, the correction becomes an
   * edit of it, sending only what changed; if it is refused for sure, it is dropped. `context`
   * follows what was settled and what stays unknown.
   */
  private async write(
    adapter: ContactsAdapter,
    detail: SaveRequest<D, P, N>,
    context: WriteContext<R, D>,
    values: V,
  ): Promise<R> {
    const { operations } = this.options;
    if (detail.mode === 'update') {
      const id = detail[`${operations.noun}Id`];
      try {
        return await this.timed(
          operations.update(adapter, id, detail.values, {
            expectedVersion: detail.expectedVersion,
          }),
        );
      } catch (error) {
        if (!isContactsError(error, 'conflict')) throw error;
        // An earlier attempt whose answer was lost may have saved these very values: when the
        // latest version already holds everything the form shows, the save is done, not a conflict.
        const latest = await this.timed(operations.get(adapter, id)).catch(() => undefined);
        const rest = latest && (await this.options.validatePatch(values, latest));
        if (latest && rest?.ok && !Object.keys(rest.value as object).length) return latest;
        throw error;
      }
    }
    const body = fingerprint(detail.values);
    const earlier = context.unsettled;
    if (earlier && earlier.body !== body) {
      let made: R | undefined;
      try {
        made = await this.timed(
          operations.create(adapter, earlier.draft, { idempotencyKey: earlier.key }),
        );
      } catch (error) {
        if (!refusedForSure(error)) throw error;
      }
      context.unsettled = undefined;
      if (made) {
        context.base = made;
        const checked = await this.options.validatePatch(values, made);
        if (!checked.ok) {
          throw new ContactsError('validation', 'The correction was refused.', {
            fields: checked.errors,
          });
        }
        if (!Object.keys(checked.value as object).length) return made;
        return this.timed(
          operations.update(adapter, made.id, checked.value, { expectedVersion: made.version }),
        );
      }
    }
    const same = context.unsettled;
    const attempt = { key: same ? same.key : newIdempotencyKey(), draft: detail.values, body };
    context.unsettled = attempt;
    try {
      const record = await this.timed(
        operations.create(adapter, detail.values, { idempotencyKey: attempt.key }),
      );
      context.unsettled = undefined;
      return record;
    } catch (error) {
      if (refusedForSure(error)) context.unsettled = undefined;
      throw error;
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

  /** The latest version for a conflict's merge view; undefined when it cannot be read now. */
  private async peekLatest(adapter: ContactsAdapter): Promise<R | undefined> {
    const id = this.baseValue?.id;
    if (!id) return undefined;
    try {
      return await this.timed(this.options.operations.get(adapter, id));
    } catch {
      // Overwrite and Reload read it again, and report a failure then.
      return undefined;
    }
  }

  /** Reads the record again for Reload or Overwrite; undefined when that is not possible now. */
  private async readLatest(): Promise<R | undefined> {
    const adapter = this.host.adapter;
    const id = this.baseValue?.id;
    if (!adapter || !id || this.busy) return undefined;
    const showing = this.problem;
    this.to({ status: 'refreshing', showing });
    try {
      const latest = await this.timed(this.options.operations.get(adapter, id));
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
