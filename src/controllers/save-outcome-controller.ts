/**
 * A save that outlives its form. A record form announces every write it starts with an internal
 * `contacts-save-pending` event; the element hosting the form (a dialog, an inline editor) keeps
 * a `SaveOutcomeController`, which hears it and, when the form is gone before the write ends
 * (closed, or moved on to another record), reports the outcome in the form's place: a success is
 * re-announced from the host, a failure stays on screen ("Save failed") with Reopen, which opens
 * the form again with everything the agent typed.
 *
 * The controller holds no markup; `saveOutcomeTemplate` in `elements/shared/save-outcome.ts`
 * renders it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The kinds of record a form saves (as `RecordNoun` in the save controller). */
type Noun = 'contact' | 'company';

/**
 * Everything a form needs to come back as the agent left it: its values, the record it edits and
 * an unsettled create. Hosts read `noun`, `mode` and `recordId`; the rest belongs to the form.
 */
export interface SaveSnapshot {
  readonly noun: Noun;
  readonly mode: 'create' | 'update';
  /** The record an update edits. */
  readonly recordId?: string;
  /** The form's own state, opaque to the host. */
  readonly state: unknown;
}

/**
 * How a write ended. `orphaned`: the form had closed or moved on by then, so nobody saw it there.
 * A success carries the outcome event the form would have fired; a failure what Reopen restores.
 */
export type SaveSettled =
  | { readonly ok: true; readonly orphaned: boolean; readonly saved: Event }
  | {
      readonly ok: false;
      readonly orphaned: boolean;
      readonly error: unknown;
      readonly snapshot: SaveSnapshot;
    };

/**
 * A form started a write. Internal: it bubbles inside the host's shadow root but does not cross
 * it. `settled` resolves once the write ends (undefined when it was aborted), never rejects.
 */
export class SavePendingEvent extends Event {
  static readonly eventName = 'contacts-save-pending' as const;
  readonly noun: Noun;
  readonly settled: Promise<SaveSettled | undefined>;

  constructor(noun: Noun, settled: Promise<SaveSettled | undefined>) {
    super(SavePendingEvent.eventName, { bubbles: true, composed: false });
    this.noun = noun;
    this.settled = settled;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-save-pending': SavePendingEvent;
  }
}

/** A failed save whose form was gone, as the host shows it. */
export interface OrphanedFailure {
  readonly noun: Noun;
  readonly error: unknown;
  readonly snapshot: SaveSnapshot;
}

/** A form element that can take a snapshot back (the contact and company forms). */
interface ResumableForm extends HTMLElement {
  readonly updateComplete: Promise<boolean>;
  resumeSave(snapshot: SaveSnapshot): boolean;
}

export interface SaveOutcomeOptions {
  /**
   * Opens the form for `snapshot` again: the dialog or editor of its `noun` (and `mode`). The
   * controller then finds the form in the host's shadow root and gives it the snapshot.
   */
  reopen: (snapshot: SaveSnapshot) => Promise<void> | void;
  /** A save succeeded after its form was gone; its outcome event is also fired from the host. */
  onSaved?: (saved: Event) => void;
}

type SaveOutcomeHost = ReactiveControllerHost &
  HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class SaveOutcomeController implements ReactiveController {
  private readonly host: SaveOutcomeHost;
  private readonly options: SaveOutcomeOptions;
  private failuresValue: readonly OrphanedFailure[] = [];
  private savedNoun?: Noun;
  private listening?: EventTarget;

  constructor(host: SaveOutcomeHost, options: SaveOutcomeOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** Failed saves whose form was gone, oldest first: each shows "Save failed" with Reopen. */
  get failures(): readonly OrphanedFailure[] {
    return this.failuresValue;
  }

  /** The kind of the last record saved after its form was gone, until the next outcome. */
  get saved(): Noun | undefined {
    return this.savedNoun;
  }

  hostConnected(): void {
    this.listening = this.host.renderRoot;
    this.listening.addEventListener(SavePendingEvent.eventName, this.onPending);
  }

  hostDisconnected(): void {
    this.listening?.removeEventListener(SavePendingEvent.eventName, this.onPending);
    this.listening = undefined;
  }

  /** Opens the form of `failure` again with the values it held, and drops the report. */
  async reopen(failure: OrphanedFailure): Promise<void> {
    const { snapshot } = failure;
    await this.options.reopen(snapshot);
    const tag = `contacts-${snapshot.noun}-form`;
    await customElements.whenDefined(tag);
    await this.host.updateComplete;
    const form = this.host.renderRoot.querySelector<ResumableForm>(tag);
    if (!form) return;
    await form.updateComplete;
    // A form that edits another record refuses the values; the report stays, so nothing is lost.
    if (form.resumeSave(snapshot)) this.dismiss(failure);
  }

  /** Drops the report of `failure`. */
  dismiss(failure: OrphanedFailure): void {
    this.failuresValue = this.failuresValue.filter(shown => shown !== failure);
    this.host.requestUpdate();
  }

  private readonly onPending = (event: Event) => {
    if (!(event instanceof SavePendingEvent)) return;
    void event.settled.then(settled => {
      if (!settled?.orphaned) return;
      if (settled.ok) {
        this.savedNoun = event.noun;
        this.host.requestUpdate();
        this.host.dispatchEvent(settled.saved);
        this.options.onSaved?.(settled.saved);
      } else {
        this.savedNoun = undefined;
        const failure = { noun: event.noun, error: settled.error, snapshot: settled.snapshot };
        this.failuresValue = [...this.failuresValue, failure];
        this.host.requestUpdate();
      }
    });
  };
}
