import type { MergeChoices } from '../adapter/types.js';

export interface ContactsMergeDetail {
  /** The contact that stays. */
  primaryId: string;
  /** The contact merged into it, which goes away. */
  secondaryId: string;
  choices: MergeChoices;
}

/**
 * An agent confirmed a merge of two contacts. Cancelable: prevent it to stop the element from
 * merging through the adapter (the dialog stays open with the agent's choices).
 */
export class ContactsMergeEvent extends Event {
  static readonly eventName = 'contacts-merge' as const;
  readonly detail: ContactsMergeDetail;

  constructor(detail: ContactsMergeDetail) {
    super(ContactsMergeEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-merge': ContactsMergeEvent;
  }
}
