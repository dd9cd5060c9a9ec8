import { css } from 'lit';

import { fieldStyles } from '../shared/field.styles.js';
import { formStyles } from '../shared/form.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

export const styles = [
  themeStyles,
  fieldStyles,
  formStyles,
  css`
    #info-hint {
      margin-block-end: calc(var(--_space) * -1);
    }
  `,
];
