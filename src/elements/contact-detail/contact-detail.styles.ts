import { css } from 'lit';

import { contactViewStyles } from '../shared/contact-view.styles.js';
import { fieldStyles } from '../shared/field.styles.js';

export const styles = [
  fieldStyles,
  contactViewStyles,
  css`
    :host {
      --_padding: var(--contact-detail-padding, 1rem);
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
      justify-items: center;
      text-align: center;
      padding-block: calc(var(--_padding) * 3);
    }

    .empty p,
    .empty h2 {
      margin: 0;
    }

    .empty-title {
      font-size: 1.125em;
      font-weight: 600;
    }

    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space) calc(var(--_space) * 1.5);
    }

    .title {
      flex: 1 1 8rem;
      min-inline-size: 0;
    }

    h2 {
      margin: 0;
      font-size: 1.375em;
      line-height: 1.25;
      overflow-wrap: anywhere;
    }

    h2:focus {
      outline: none;
    }

    h2:focus-visible {
      outline: 2px solid var(--_focus);
    }

    .subtitle {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
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

    .company-contacts {
      display: grid;
      gap: var(--_space);
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .company-contacts button.link {
      padding-inline: 0;
      border: 0;
      text-align: start;
    }

    .company-contacts li {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0 var(--_space);
    }

    dialog {
      inline-size: min(var(--contact-detail-dialog-width, 32rem), calc(100vw - 2rem));
      max-block-size: calc(100dvh - 2rem);
      padding: calc(var(--_padding) * 1.25);
      border: 1px solid var(--_divider);
      border-radius: calc(var(--_radius) * 2);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.25);
    }

    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }

    dialog h2 {
      margin-block-end: calc(var(--_space) * 2);
      font-size: 1.25em;
    }
  `,
];
