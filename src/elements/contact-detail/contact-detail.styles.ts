import { css } from 'lit';

import { contactViewStyles } from '../shared/contact-view.styles.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { fieldStyles } from '../shared/field.styles.js';

export const styles = [
  fieldStyles,
  contactViewStyles,
  dialogStyles,
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

    .start {
      display: grid;
      gap: var(--_space);
    }

    .start-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }

    .start-row label {
      font-weight: 400;
      color: var(--_muted);
    }

    .start-row select {
      inline-size: auto;
      min-inline-size: 8rem;
    }

    .start-status {
      margin: 0;
    }

    .start-status:empty {
      display: none;
    }

    .success {
      color: var(--_success);
      font-weight: 600;
    }
  `,
];
