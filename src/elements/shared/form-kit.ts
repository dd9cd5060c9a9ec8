/**
 * What the contact and company forms share: their internal events, the shape of field messages
 * and form-level problems, the classification of adapter failures, and the text-field template.
 */
import { type TemplateResult, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

import { isContactsError } from '../../adapter/errors.js';
import type { Translation } from '../../i18n/translation.js';
import type { ValidationCode, ValidationField } from '../../model/validation.js';
import { describeError } from './errors.js';

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

/** A message under one field: a validation code, or a value another record already holds. */
export interface FieldMessage {
  code: ValidationCode | 'duplicate';
  /** The record holding the value, for `duplicate`. */
  existingId?: string;
}

/** What went wrong with the form as a whole. */
export type FormProblem =
  | { kind: 'invalid'; code: ValidationCode }
  | { kind: 'conflict' }
  | { kind: 'failed'; error: unknown };

/** Splits an adapter rejection into field messages and a form-level problem. */
export function classifySaveError<F extends string>(
  error: unknown,
  fieldOf: (field: ValidationField | 'domain') => F | undefined,
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
      else problem ??= { kind: 'invalid', code };
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
  if (isContactsError(error, 'conflict')) return { messages, problem: { kind: 'conflict' } };
  return { messages, problem: { kind: 'failed', error } };
}

/** A copy of `record` without `key`, for immutable state updates. */
export function without<T extends object, K extends keyof T>(record: T, key: K): Omit<T, K> {
  const copy = { ...record };
  delete copy[key];
  return copy;
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
  onInput: (event: InputEvent) => void;
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

export interface ProblemTexts {
  /** Heading of the conflict message, e.g. "This contact was changed by someone else." */
  conflict: string;
  /** Heading of a failed save, e.g. "The contact was not saved." */
  notSaved: string;
  onReload: () => void;
  onOverwrite: () => void;
}

/**
 * The form-level message both forms show above their fields: a refused record, a conflicting
 * version with Reload / Overwrite, or a failed save with what to do next. Focus moves to it.
 */
export function formProblemTemplate(
  t: Translation,
  problem: FormProblem | undefined,
  texts: ProblemTexts,
): TemplateResult | typeof nothing {
  if (!problem) return nothing;
  const tone = problem.kind === 'conflict' ? 'warning' : 'danger';
  let body: TemplateResult;
  if (problem.kind === 'invalid') {
    body = html`<p>${t.common.validation[problem.code]}</p>`;
  } else if (problem.kind === 'conflict') {
    body = html`<p><strong>${texts.conflict}</strong></p>
      <p>${t.form.conflictHint}</p>
      <div class="alert-actions">
        <button type="button" @click=${texts.onReload}>${t.form.reload}</button>
        <button type="button" @click=${texts.onOverwrite}>${t.form.overwrite}</button>
      </div>`;
  } else {
    body = html`<p>
        <strong>${texts.notSaved}</strong>
        ${problem.error === undefined ? t.common.noAdapter : describeError(t, problem.error)}
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
