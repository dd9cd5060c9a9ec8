import { css } from 'lit';

import { contactViewStyles, recordViewSheet } from '../shared/contact-view.styles.js';
import { dialogSheet, lazySheet } from '../shared/lazy-sheet.js';

/** "All contacts" and its link bar (sidebar-dialogs.styles.ts), filled when they first open. */
export const drawerSheet = lazySheet();

export const styles = [
  contactViewStyles,
  recordViewSheet,
  dialogSheet,
  css`
    :host {
      --_padding: var(--conversation-contact-sidebar-padding, 1rem);
      --_dialog-width: var(--conversation-contact-sidebar-dialog-width, 32rem);
      --_dialog-padding: calc(var(--_padding) * 1.25);
      --_heading-size: 1.25em;
      --_gap: var(--conversation-contact-sidebar-gap, 1rem);
      --_avatar: var(--conversation-contact-sidebar-avatar-size, 2.5rem);
      display: block;
      background: var(--_surface);
    }

    .base {
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
      padding: var(--_padding);
      min-inline-size: 0;
    }

    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      padding-block-end: var(--_gap);
      border-block-end: 1px solid var(--_divider);
    }

    .toolbar button {
      flex: 1 1 auto;
    }

    .icon {
      inline-size: 1em;
      block-size: 1em;
      flex: none;
      fill: none;
      stroke: currentColor;
      stroke-width: 1.75;
      stroke-linecap: round;
      stroke-linejoin: round;
    }

    .contact,
    .editor,
    .skeleton {
      display: grid;
      gap: var(--_gap);
    }

    .outcome {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }

    /* The sidebar is narrow: labels sit above their values. */
    dt {
      flex-basis: 100%;
    }

    .empty {
      gap: var(--_space);
      padding-block: calc(var(--_padding) * 2);
    }

    .empty-title {
      font-size: 1.0625em;
    }
  `,
  drawerSheet,
];
