import { css } from 'lit';

/**
 * "Start conversation": the channel choice, the button, progress and success. After the detail's
 * own styles; loaded with the section's markup into `startSheet`.
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
`;
