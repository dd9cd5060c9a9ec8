import { css, unsafeCSS } from 'lit';

// Native controls (select popups, scrollbars) follow the scheme. Kept out of the template literal
// because lit-analyzer's CSS data predates `color-scheme` and would flag it.
const colorScheme = unsafeCSS(':host { color-scheme: light dark; }');

/**
 * Design tokens, resolved on each element's host. Hosts theme with the shared `--contacts-*`
 * properties; each has a built-in fallback for light and for dark, so zero setup looks right and a
 * host value wins in both schemes. Elements read only the private `--_*` names.
 */
const tokens = css`
  :host {
    --_font: var(
      --contacts-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      sans-serif
    );
    --_font-size: var(--contacts-font-size, 0.9375rem);
    --_text: var(--contacts-color-text, #1b1f24);
    --_muted: var(--contacts-color-text-muted, #555e69);
    --_surface: var(--contacts-color-surface, #ffffff);
    --_raised: var(--contacts-color-surface-raised, #f3f5f7);
    --_border: var(--contacts-color-border, #8c959f);
    --_divider: var(--contacts-color-divider, #d8dee4);
    --_accent: var(--contacts-color-accent, #0b5cd5);
    --_on-accent: var(--contacts-color-on-accent, #ffffff);
    --_danger: var(--contacts-color-danger, #b3261e);
    --_danger-surface: var(--contacts-color-danger-surface, #fdecea);
    --_warning: var(--contacts-color-warning, #714600);
    --_warning-surface: var(--contacts-color-warning-surface, #fff4d4);
    --_success: var(--contacts-color-success, #17692c);
    --_focus: var(--contacts-color-focus, #0b5cd5);
    --_radius: var(--contacts-radius, 0.375rem);
    --_space: var(--contacts-space, 0.5rem);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.45;
    color: var(--_text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--contacts-color-text, #e6e9ed);
      --_muted: var(--contacts-color-text-muted, #a7b0ba);
      --_surface: var(--contacts-color-surface, #16181c);
      --_raised: var(--contacts-color-surface-raised, #22262c);
      --_border: var(--contacts-color-border, #7d8793);
      --_divider: var(--contacts-color-divider, #343a42);
      --_accent: var(--contacts-color-accent, #7ab0ff);
      --_on-accent: var(--contacts-color-on-accent, #0b1020);
      --_danger: var(--contacts-color-danger, #ff9a90);
      --_danger-surface: var(--contacts-color-danger-surface, #3a1613);
      --_warning: var(--contacts-color-warning, #ffd27a);
      --_warning-surface: var(--contacts-color-warning-surface, #33290f);
      --_success: var(--contacts-color-success, #7ddc94);
      --_focus: var(--contacts-color-focus, #7ab0ff);
    }
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    min-block-size: 2.25rem;
    min-inline-size: 2.25rem;
    padding-block: 0.25rem;
    padding-inline: 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }

  button:hover {
    background: var(--_raised);
  }

  button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  button.primary:hover {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_text));
  }

  button.link {
    min-block-size: 1.5rem;
    min-inline-size: 1.5rem;
    padding-inline: 0.25rem;
    border-color: transparent;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }

  button[aria-disabled='true'],
  button:disabled {
    opacity: 0.65;
    cursor: not-allowed;
  }

  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }

  .alert {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    margin: 0;
    padding-block: calc(var(--_space) * 1.25);
    padding-inline: calc(var(--_space) * 1.5);
    border: 1px solid currentColor;
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
  }

  .alert:focus-visible {
    outline-offset: 3px;
  }

  .alert--danger {
    color: var(--_danger);
    background: var(--_danger-surface);
  }

  .alert--warning {
    color: var(--_warning);
    background: var(--_warning-surface);
  }

  .alert p {
    margin: 0;
  }

  .alert strong {
    font-weight: 600;
  }

  .alert .alert-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  .alert button:not(.primary) {
    color: var(--_text);
  }

  @media (forced-colors: active) {
    .alert {
      border-color: CanvasText;
    }
    button.primary {
      border-color: ButtonText;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

export const themeStyles = [colorScheme, tokens];
