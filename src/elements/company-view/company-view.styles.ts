import { css } from 'lit';

import { contactViewStyles } from '../shared/contact-view.styles.js';
import { recordViewStyles } from '../shared/record-view.styles.js';

/**
 * The company view sits inside `<contact-detail>`, whose host sets `--_padding`, `--_gap` and
 * `--_avatar`; they inherit into this shadow root.
 */
export const styles = [
  contactViewStyles,
  recordViewStyles,
  css`
    :host {
      display: block;
    }

    .base {
      display: grid;
      gap: var(--_gap);
      padding: var(--_padding);
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
  `,
];
