import { css } from 'lit';

/**
 * "Start conversation": the channel choice (a field like the forms', `fieldStyles`), the button,
 * progress and success. After the detail's own styles; loaded with the section's markup, and
 * `fieldStyles`, into `startSheet`.
 */
export const startStyles = css`
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
`;
