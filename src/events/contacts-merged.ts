import type { MergeResult } from '../adapter/types.js';

/**
 * Two contacts were merged through the adapter. `detail.restorePoint` undoes it (the elements
 * offer "Undo" for it themselves).
 */
export class ContactsMergedEvent extends Event {
  static readonly eventName = 'contacts-merged' as const;
  readonly detail: MergeResult;

  constructor(detail: MergeResult) {
    super(ContactsMergedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-merged': ContactsMergedEvent;
  }
}
