import { css } from 'lit';

import { contactViewStyles, recordViewSheet } from '../shared/contact-view.styles.js';
import { dialogSheet } from '../shared/lazy-sheet.js';

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

    .drawer {
      inline-size: min(var(--conversation-contact-sidebar-drawer-width, 72rem), calc(100vw - 2rem));
      block-size: min(
        var(--conversation-contact-sidebar-drawer-height, 44rem),
        calc(100dvh - 2rem)
      );
      padding: 0;
      overflow: hidden;
    }

    .drawer[open] {
      display: flex;
      flex-direction: column;
    }

    .drawer-header,
    .relink {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
      padding-block: calc(var(--_space) * 1.5);
      padding-inline: var(--_padding);
    }

    .drawer-header {
      justify-content: space-between;
      border-block-end: 1px solid var(--_divider);
    }

    .drawer-header h2 {
      margin: 0;
    }

    /* The panel fills what the header and the link bar leave. */
    .drawer contacts-panel {
      --contacts-panel-block-size: auto;
      flex: 1 1 0;
      min-block-size: 0;
    }

    .relink {
      justify-content: flex-end;
      border-block-start: 1px solid var(--_divider);
    }

    .relink .hint {
      flex: 1 1 16rem;
    }
  `,
];
