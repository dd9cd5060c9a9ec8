import { css } from 'lit';

import { contactViewStyles, recordViewSheet } from '../shared/contact-view.styles.js';
import { dialogSheet } from '../shared/lazy-sheet.js';

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

    /* The channel choice looks like the forms' fields (field.styles.ts), which load with them. */
    .start-row select {
      font: inherit;
      inline-size: auto;
      min-inline-size: 8rem;
      min-block-size: 2.5rem;
      padding-block: 0.375rem;
      padding-inline: 0.625rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }

    .start-row select:focus-visible {
      outline-offset: 1px;
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

    @media (forced-colors: active) {
      .start-row select {
        border-color: FieldText;
      }
    }
  `,
];
