import { css } from 'lit';

import { dialogStyles } from '../shared/dialog.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

export const styles = [
  themeStyles,
  dialogStyles,
  css`
    :host {
      display: contents;
      --_dialog-width: var(--contacts-merge-dialog-width, 40rem);
    }

    .hint,
    .muted {
      margin: 0;
      color: var(--_muted);
    }

    .body {
      display: grid;
      gap: calc(var(--_space) * 2);
    }

    input[type='search'] {
      font: inherit;
      inline-size: 100%;
      min-block-size: 2.5rem;
      padding-inline: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }

    ul {
      display: grid;
      gap: calc(var(--_space) / 2);
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .result {
      inline-size: 100%;
      justify-content: start;
      text-align: start;
      flex-wrap: wrap;
      overflow-wrap: anywhere;
    }

    .compare {
      display: grid;
      grid-template-columns: minmax(6rem, auto) 1fr 1fr;
      gap: var(--_space) calc(var(--_space) * 2);
      align-items: start;
      margin: 0;
    }

    .row {
      display: grid;
      grid-column: 1 / -1;
      grid-template-columns: subgrid;
      align-items: start;
    }

    .label,
    .side {
      font-weight: 600;
    }

    .side {
      color: var(--_muted);
      font-size: 0.875em;
    }

    .choice {
      display: flex;
      align-items: start;
      gap: var(--_space);
      overflow-wrap: anywhere;
    }

    .choice input {
      margin-block-start: 0.25em;
    }

    .same {
      grid-column: 2 / 4;
      overflow-wrap: anywhere;
    }

    .preview {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_divider);
      border-radius: var(--_radius);
      background: var(--_raised);
    }

    .preview h3 {
      margin: 0;
      font-size: 1em;
    }

    .preview dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
      margin: 0;
    }

    .preview dt {
      color: var(--_muted);
    }

    .preview dd {
      margin: 0;
      overflow-wrap: anywhere;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }

    .status {
      color: var(--_muted);
      font-size: 0.875em;
    }

    @media (max-width: 30rem) {
      .compare {
        grid-template-columns: 1fr;
      }
      .same {
        grid-column: auto;
      }
      .row {
        grid-template-columns: 1fr;
      }
      .side {
        display: none;
      }
    }
  `,
];
