import { css } from 'lit';

import { contactViewStyles, recordViewSheet } from '../shared/contact-view.styles.js';
import { dialogSheet, lazySheet } from '../shared/lazy-sheet.js';

/** "Start conversation" (start-conversation.styles.ts), filled when its markup loads. */
export const startSheet = lazySheet();

export const styles = [
  contactViewStyles,
  recordViewSheet,
  dialogSheet,
  css`
    :host {
      --_padding: var(--contact-detail-padding, 1rem);
      --_dialog-width: var(--contact-detail-dialog-width, 32rem);
      --_dialog-padding: calc(var(--_padding) * 1.25);
      --_gap: var(--contact-detail-gap, 1.25rem);
      --_avatar: var(--contact-detail-avatar-size, 3rem);
      display: block;
      background: var(--_surface);
    }

    .base,
    .empty,
    .load-error {
      display: grid;
      gap: var(--_gap);
      padding: var(--_padding);
    }

    .load-error {
      margin: var(--_padding);
    }

    .empty {
      padding-block: calc(var(--_padding) * 3);
    }

    .empty-title {
      font-size: 1.125em;
    }
  `,
  startSheet,
];
