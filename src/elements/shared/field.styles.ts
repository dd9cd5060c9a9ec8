import { css } from 'lit';

/** Labelled text fields with their hints and messages, shared by the forms and the company picker. */
export const fieldStyles = css`
  .field {
    display: grid;
    gap: 0.25rem;
    min-inline-size: 0;
  }

  label {
    font-weight: 600;
  }

  input,
  select {
    font: inherit;
    inline-size: 100%;
    min-block-size: 2.5rem;
    padding-block: 0.375rem;
    padding-inline: 0.625rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }

  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }

  input[aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }

  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }

  .message {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    margin: 0;
    font-size: 0.875em;
  }

  .message:empty {
    display: none;
  }

  .message--error {
    display: block;
    color: var(--_danger);
    font-weight: 600;
  }

  .message--error::before {
    content: '!' / '';
    display: inline-grid;
    place-items: center;
    inline-size: 1.1em;
    block-size: 1.1em;
    margin-inline-end: 0.375rem;
    vertical-align: -0.15em;
    border-radius: 50%;
    background: var(--_danger);
    color: var(--_surface);
    font-size: 0.85em;
    font-weight: 700;
  }

  .message--error button.link {
    font-weight: 400;
  }

  .message--warning {
    color: var(--_warning);
  }

  /* Forced palettes drop the box shadow and recolour the border, so an invalid field needs shape. */
  @media (forced-colors: active) {
    input,
    select {
      border-color: FieldText;
    }
    input[aria-invalid='true'] {
      border-width: 3px;
      border-style: double;
    }
    .message--error::before {
      border: 1px solid CanvasText;
    }
  }
`;
