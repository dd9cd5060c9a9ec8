import { css } from 'lit';

/**
 * The modal dialogs of the elements (edit, create, "All contacts"): one look for all of them,
 * loaded with the first dialog into `dialogSheet`, which the elements adopt from the start. An
 * element sets `--_dialog-width` from its own `--<tag>-dialog-width` property, and may set
 * `--_dialog-padding`; both have the shared defaults.
 */
export const dialogStyles = css`
  dialog {
    inline-size: min(var(--_dialog-width, 32rem), calc(100vw - 2rem));
    max-block-size: calc(100dvh - 2rem);
    padding: var(--_dialog-padding, calc(var(--_space) * 2.5));
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
    margin: 0;
    margin-block-end: calc(var(--_space) * 2);
    font-size: 1.25em;
  }
`;
