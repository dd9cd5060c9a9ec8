/**
 * The states of a record's read view that show before (or instead of) the record: empty, load
 * error and loading. The record itself renders from `record-view.ts`, which loads beside the
 * first record (`loadRecordView`), so a detail or a sidebar paints without it. Their styles are
 * `contactViewStyles`.
 */
import { html, nothing } from 'lit';

import { isContactsError } from '../../adapter/errors.js';
import { loadOnce } from '../../controllers/load-once.js';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { recordViewSheet } from './contact-view.styles.js';
import { describeError, retryCountdown } from './errors.js';
import { fillSheet } from './lazy-sheet.js';
import type * as RecordViewModule from './record-view.js';

/** The pieces of a record's read view, once loaded. */
export let recordView: typeof RecordViewModule | undefined;

/**
 * Loads the read view's pieces; elements wait for it beside their first record, so the record
 * never shows without them. Never rejects: after a failed load the next call tries again.
 */
const load = loadOnce(async () => {
  // The strings it shows are fetched beside it, not after it.
  const [view] = await Promise.all([import('./record-view.js'), import('../../i18n/en/later.js')]);
  fillSheet(recordViewSheet, view.recordViewStyles);
  recordView = view;
});
export function loadRecordView(): Promise<unknown> {
  return load().catch(() => undefined);
}

/** The highest version among `records` that has the id `id`: loaded, pushed or saved copies. */
export function newest<T extends { id: string; version: number }>(
  id: string | undefined,
  ...records: (T | undefined)[]
): T | undefined {
  let best: T | undefined;
  for (const record of records) {
    if (record && record.id === id && (!best || record.version > best.version)) best = record;
  }
  return best;
}

/** A state with nothing to show yet: no adapter, nothing selected. */
export function emptyState(title: string, hint: string) {
  return html`<div class="empty" part="empty">
    <p class="empty-title">${title}</p>
    <p class="hint">${hint}</p>
  </div>`;
}

export interface LoadErrorText {
  /** The state's heading when the record does not exist (any more). */
  notFound: string;
  /** The alert's title for any other failure. */
  failed: string;
  /** `h2` (default) or `p`: the not-found title's element. */
  notFoundAs?: 'h2' | 'p';
}

/**
 * A failed load: "not found" as an empty state, anything else as an alert with Retry. While an
 * automatic retry counts down (`retryIn`, in seconds), the alert says "Retrying in N s".
 */
export function loadError(
  localize: LocalizeController,
  error: unknown,
  text: LoadErrorText,
  retry: () => unknown,
  className = '',
  retryIn?: number,
) {
  const t = localize.t;
  if (isContactsError(error, 'not-found')) {
    const title =
      text.notFoundAs === 'p'
        ? html`<p class="empty-title">${text.notFound}</p>`
        : html`<h2 class="empty-title">${text.notFound}</h2>`;
    return html`<div class="empty" part="empty">
      ${title}
      <p class="hint">${t.common.errorNotFound}</p>
    </div>`;
  }
  return html`<div class="alert alert--danger ${className}" part="error" role="alert">
    <p><strong>${text.failed}</strong></p>
    <p>${describeError(t, error)}</p>
    ${retryIn === undefined ? nothing : html`<p>${retryCountdown(t, retryIn)}</p>`}
    <div class="alert-actions">
      <button type="button" @click=${retry}>${t.common.retry}</button>
    </div>
  </div>`;
}

/** The loading placeholder of a record: an announced label and shimmering bones. */
export function skeleton(label: string, part = 'base skeleton') {
  return html`<div class="base skeleton" part=${part} aria-busy="true">
    <p class="visually-hidden" role="status">${label}</p>
    <div class="header" aria-hidden="true">
      <span class="avatar bone"></span>
      <span class="bone bone--title"></span>
    </div>
    <div class="bones" aria-hidden="true">
      <span class="bone"></span>
      <span class="bone bone--short"></span>
      <span class="bone"></span>
      <span class="bone bone--short"></span>
    </div>
  </div>`;
}
