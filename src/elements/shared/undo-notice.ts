/**
 * The Undo notice, one for each hosting element (`<contact-detail>`, `<contacts-panel>`,
 * `<conversation-contact-sidebar>`): after a merge or a delete inside the host
 * (`contacts-merged` or `contact-deleted` bubbling from its subtree, or fired by the host itself)
 * it says what happened in a polite live region, with Undo and Dismiss. The innermost host shows
 * it: a detail inside a panel claims the event, and the panel shows nothing for it.
 *
 * The notice never takes focus and no timer hides it: it stays until Dismiss, the next merge or
 * delete, or the end of its restore point (and then only once neither focus nor the pointer is on
 * it). Undo calls the adapter's `restore` with the restore point's token and fires
 * `contact-restored` from the host; a failure says why and offers Retry with the same token.
 *
 * Loaded after the host's first paint (its first paint carries none of it), with the strings it
 * shows.
 */
import { type ReactiveController, type ReactiveControllerHost, css, html, nothing } from 'lit';

import { isAbortError, isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, MergeResult, RestoreResult } from '../../adapter/types.js';
import { ContactRestoredEvent } from '../../events/contact-restored.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import type { ContactDeletedDetail } from '../../events/contact-deleted.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Translation } from '../../i18n/translation.js';
import { describeError } from './errors.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/** What a notice offers to undo. */
export type UndoableAction =
  { type: 'merged'; result: MergeResult } | { type: 'deleted'; result: ContactDeletedDetail };

export interface UndoNoticeOptions {
  adapter: () => ContactsAdapter | undefined;
  /** A restore succeeded: the host shows what came back (its `contact-restored` has fired). */
  onRestored?: (action: UndoableAction, result: RestoreResult) => void;
  /** Where focus goes when Dismiss removes the notice while it holds focus. */
  fallback?: () => HTMLElement | null | undefined;
}

type Phase = 'ready' | 'undoing' | 'failed' | 'restored';

interface Notice {
  readonly action: UndoableAction;
  readonly token: string;
  /** When the restore point ends, in ms since the epoch (NaN: never said). */
  readonly end: number;
  phase: Phase;
  error?: unknown;
}

type NoticeHost = ReactiveControllerHost &
  HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** Events already shown by a host nearer to where they were fired. */
const claimed = new WeakSet<Event>();

/** The longest delay `setTimeout` keeps (about 24.8 days); a later end is waited for in steps. */
const MAX_DELAY = 2 ** 31 - 1;

const styles = css`
  .undo-notice {
    position: sticky;
    inset-block-end: var(--_space);
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin: var(--_space);
    padding-block: var(--_space);
    padding-inline: calc(var(--_space) * 1.5);
    border: 1px solid var(--_divider);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_raised);
    color: var(--_text);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.15);
  }

  .undo-notice p {
    flex: 1 1 12rem;
    margin: 0;
  }

  .undo-notice .undo-actions {
    display: flex;
    gap: var(--_space);
  }

  @media (forced-colors: active) {
    .undo-notice {
      border-color: CanvasText;
    }
  }
`;

let sheet: CSSStyleSheet | undefined;

/**
 * Adds `extra` to the host's shadow root, after the host's own sheets: rules for markup that
 * loaded after the first paint, whose classes are its own.
 */
export function adoptLater(host: HTMLElement, extra: CSSStyleSheet): void {
  const root = host.shadowRoot;
  if (root && !root.adoptedStyleSheets.includes(extra)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, extra];
  }
}

/** What the notice says about an action, once done or undone. */
function said(t: Translation, action: UndoableAction, undone: boolean): string {
  const u = t.common.undo;
  if (action.type === 'merged') return undone ? u.mergeUndone : u.merged;
  const company = action.result.kind === 'company';
  if (undone) return company ? u.companyRestored : u.contactRestored;
  return company ? u.companyDeleted : u.contactDeleted;
}

/** Why an Undo failed, and what the agent can do. */
function whyNot(t: Translation, error: unknown): string {
  if (isContactsError(error, 'not-found')) return t.common.undo.expired;
  if (isContactsError(error, 'duplicate')) return t.common.undo.taken;
  return describeError(t, error);
}

export class UndoNotice implements ReactiveController {
  private readonly host: NoticeHost;
  private readonly options: UndoNoticeOptions;
  private notice?: Notice;
  private timer?: ReturnType<typeof setTimeout>;
  /** The restore point ended while the notice held focus or the pointer: it goes when they leave. */
  private expired = false;
  private focused = false;
  private hovered = false;

  constructor(host: NoticeHost, options: UndoNoticeOptions) {
    this.host = host;
    this.options = options;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(styles.cssText);
    }
    adoptLater(host, sheet);
    host.addController(this);
  }

  /** The action the notice offers to undo, if one shows. */
  get action(): UndoableAction | undefined {
    return this.notice?.action;
  }

  hostConnected(): void {
    this.host.addEventListener('contacts-merged', this.onAction);
    this.host.addEventListener('contact-deleted', this.onAction);
    // Back on the page: the wait for the end of the restore point goes on.
    if (this.notice?.phase === 'ready') this.arm(this.notice.end);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('contacts-merged', this.onAction);
    this.host.removeEventListener('contact-deleted', this.onAction);
    clearTimeout(this.timer);
  }

  /** Shows the notice for `action`, replacing any other. */
  show(action: UndoableAction): void {
    const { token, expiresAt } = action.result.restorePoint;
    const end = Date.parse(expiresAt);
    this.notice = { action, token, end, phase: 'ready' };
    this.expired = false;
    this.arm(end);
    this.host.requestUpdate();
  }

  /** Undoes the shown action through the adapter (again after a failure, with the same token). */
  async undo(): Promise<void> {
    const notice = this.notice;
    if (!notice || notice.phase === 'undoing' || notice.phase === 'restored') return;
    notice.phase = 'undoing';
    notice.error = undefined;
    this.host.requestUpdate();
    let result: RestoreResult;
    try {
      const adapter = this.options.adapter();
      if (!adapter?.restore) throw new Error('The adapter cannot restore.');
      result = await adapter.restore(notice.token);
    } catch (error) {
      notice.phase = 'failed';
      notice.error = error;
      this.host.requestUpdate();
      if (!isAbortError(error)) {
        this.host.dispatchEvent(new ContactsErrorEvent({ operation: 'restore', error }));
      }
      return;
    }
    // Undo leaves the notice: focus on it moves to Dismiss, unless the host moves it elsewhere.
    const undoFocused = this.host.shadowRoot?.activeElement?.id === 'undo';
    notice.phase = 'restored';
    clearTimeout(this.timer);
    this.host.requestUpdate();
    this.host.dispatchEvent(new ContactRestoredEvent({ token: notice.token, ...result }));
    this.options.onRestored?.(notice.action, result);
    await this.host.updateComplete;
    const active = this.host.shadowRoot?.activeElement;
    if (undoFocused && (!active || active.id === 'undo')) this.dismissButton()?.focus();
  }

  /** Removes the notice. */
  dismiss(): void {
    const hadFocus = this.focused;
    this.clear();
    if (hadFocus) {
      void this.host.updateComplete.then(() =>
        (
          this.options.fallback?.() ?? this.host.renderRoot.querySelector<HTMLElement>('#heading')
        )?.focus(),
      );
    }
  }

  // ---- Implementation -------------------------------------------------------------------------

  private readonly onAction = (event: Event) => {
    if (claimed.has(event)) return;
    const detail = (event as CustomEvent<unknown>).detail as
      MergeResult | ContactDeletedDetail | undefined;
    if (!detail?.restorePoint?.token) return;
    claimed.add(event);
    this.show(
      event.type === 'contacts-merged'
        ? { type: 'merged', result: detail as MergeResult }
        : { type: 'deleted', result: detail as ContactDeletedDetail },
    );
  };

  private clear(): void {
    clearTimeout(this.timer);
    this.notice = undefined;
    this.focused = this.hovered = this.expired = false;
    this.host.requestUpdate();
  }

  /** Waits for the end of the restore point. */
  private arm(end: number): void {
    clearTimeout(this.timer);
    if (!Number.isFinite(end)) return;
    const wait = end - Date.now();
    if (wait <= 0) return this.expire();
    this.timer = setTimeout(() => this.arm(end), Math.min(wait, MAX_DELAY));
  }

  private expire(): void {
    this.expired = true;
    this.leaveIfDone();
  }

  private leaveIfDone(): void {
    if (this.expired && !this.focused && !this.hovered && this.notice?.phase !== 'undoing') {
      this.clear();
    }
  }

  private dismissButton(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('#undo-dismiss');
  }

  private readonly onFocusIn = () => {
    this.focused = true;
  };

  private readonly onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (next && (event.currentTarget as HTMLElement).contains(next)) return;
    this.focused = false;
    this.leaveIfDone();
  };

  private readonly onEnter = () => {
    this.hovered = true;
  };

  private readonly onLeave = () => {
    this.hovered = false;
    this.leaveIfDone();
  };

  private readonly onUndo = () => void this.undo();

  private readonly onDismiss = () => this.dismiss();

  // ---- Rendering ------------------------------------------------------------------------------

  /**
   * The live region, rendered from the start so that what appears in it is announced; the notice
   * fills it after a merge or a delete.
   */
  render(t: Translation) {
    return html`<div role="status" part="undo">${this.renderNotice(t)}</div>`;
  }

  private renderNotice(t: Translation) {
    const notice = this.notice;
    if (!notice) return nothing;
    const u = t.common.undo;
    const { phase } = notice;
    const text =
      phase === 'failed'
        ? `${u.undoFailed} ${whyNot(t, notice.error)}`
        : phase === 'undoing'
          ? `${said(t, notice.action, false)} ${u.undoing}`
          : said(t, notice.action, phase === 'restored');
    return html`<div
      class="undo-notice"
      part="undo-notice"
      @focusin=${this.onFocusIn}
      @focusout=${this.onFocusOut}
      @pointerenter=${this.onEnter}
      @pointerleave=${this.onLeave}
    >
      <p>${text}</p>
      <div class="undo-actions">
        ${
          phase === 'restored'
            ? nothing
            : html`<button
                id="undo"
                type="button"
                class="primary"
                aria-disabled=${phase === 'undoing' ? 'true' : 'false'}
                @click=${this.onUndo}
              >
                ${phase === 'failed' ? t.common.retry : u.undo}
              </button>`
        }
        <button id="undo-dismiss" type="button" @click=${this.onDismiss}>${u.dismiss}</button>
      </div>
    </div>`;
  }
}
