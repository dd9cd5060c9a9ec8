/**
 * One modal `<dialog>` at a time for an element: it remembers what had focus when a dialog
 * opened, shows the dialog with `showModal()` once its content has rendered, focuses a given
 * field in it, and when the dialog closes (Escape, a form's Cancel, `close()`) gives focus back to
 * that opener, or to a fallback when the opener has gone. Opening a second dialog while one is
 * open hands over: the first closes without moving focus, and closing the second returns focus
 * to what opened the first. Escape and the `cancel` event stay the browser's own.
 *
 * The element renders its dialogs and binds each one's `close` event to a listener made by
 * `closeListener`, which also runs the element's own clean-up for that dialog.
 */
import type { ReactiveControllerHost } from 'lit';

export interface ModalControllerOptions {
  /**
   * Also take a focused control outside the element (a button of the page's own) as the opener,
   * for dialogs a host opens from its own UI. Default false: only focus inside the element counts.
   */
  outsideOpener?: boolean;
  /**
   * Leave focus alone when, by the time the dialog has closed, the browser or a navigation already
   * placed it outside the dialog. Default false.
   */
  keepPlacedFocus?: boolean;
  /** Where focus goes when the opener is gone or disabled. */
  fallback?: () => HTMLElement | null | undefined;
}

/** Moves focus into the dialog once it is shown, e.g. to a form's first field. */
export type ModalFocus = (dialog: HTMLDialogElement) => unknown;

/**
 * Runs when a dialog has closed, before focus returns: clear what the dialog showed. Return false
 * to leave focus where it is (the element moves it itself).
 */
export type ModalCloseHook = (dialog: HTMLDialogElement) => boolean | void;

/** The element focused below `root`, through nested shadow roots. */
function deepActive(root: DocumentOrShadowRoot | null | undefined): HTMLElement | undefined {
  let active = root?.activeElement ?? null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

export class ModalController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: ModalControllerOptions;
  private shown?: HTMLDialogElement;
  private opener?: HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement, options: ModalControllerOptions = {}) {
    this.host = host;
    this.options = options;
  }

  /** The dialog shown now, if any. */
  get current(): HTMLDialogElement | undefined {
    return this.shown?.open ? this.shown : undefined;
  }

  /** Whether a dialog is shown. */
  get open(): boolean {
    return Boolean(this.current);
  }

  /**
   * Shows the dialog `dialog` returns once the host has rendered, then runs `focus`. Call it after
   * setting the state that fills the dialog. Resolves when focus has moved.
   */
  async show(
    dialog: () => HTMLDialogElement | null | undefined,
    focus?: ModalFocus,
  ): Promise<void> {
    const before = dialog() ?? undefined;
    const current = this.current;
    if (!current) this.opener = this.activeOpener();
    // Another dialog is open: it steps aside, and the opener stays the one that opened it.
    else if (current !== before) this.handOver();
    await this.host.updateComplete;
    const target = dialog();
    if (!target) return;
    if (this.current && this.current !== target) this.handOver();
    this.shown = target;
    if (!target.open) target.showModal();
    await focus?.(target);
  }

  /** Closes the dialog shown now; its close listener then returns focus. */
  close(): void {
    this.current?.close();
  }

  /**
   * The `close` listener for a dialog: `@close=${this.onSomethingClose}` with
   * `onSomethingClose = this.modal.closeListener(() => { ...clear state... })`.
   */
  closeListener(hook?: ModalCloseHook): (event: Event) => void {
    return event => this.handleClose(event, hook);
  }

  /**
   * What a close listener does, for an element that binds its own: runs `hook`, then returns
   * focus to the opener (or the fallback) unless the hook returned false.
   */
  handleClose(event: Event, hook?: ModalCloseHook): void {
    const dialog = event.currentTarget as HTMLDialogElement;
    const restore = hook?.(dialog) !== false;
    // A dialog that handed over, or closed after another took its place, moves no focus.
    if (dialog !== this.shown) return;
    this.shown = undefined;
    const opener = this.opener;
    this.opener = undefined;
    if (!restore || (this.options.keepPlacedFocus && this.focusPlaced(dialog))) return;
    const target = opener?.isConnected && !opener.hasAttribute('disabled') ? opener : undefined;
    (target ?? this.options.fallback?.())?.focus();
  }

  private handOver(): void {
    const previous = this.shown;
    this.shown = undefined;
    if (previous?.open) previous.close();
  }

  private activeOpener(): HTMLElement | undefined {
    const inside = deepActive(this.host.shadowRoot);
    if (inside || !this.options.outsideOpener) return inside;
    const outside = deepActive(document);
    return outside !== document.body && outside !== this.host ? outside : undefined;
  }

  /** Whether focus already sits somewhere other than the closed dialog and the page's body. */
  private focusPlaced(dialog: HTMLDialogElement): boolean {
    const inner = this.host.shadowRoot?.activeElement;
    if (inner) return !dialog.contains(inner);
    return document.activeElement !== null && document.activeElement !== document.body;
  }
}
