import { css } from 'lit';

/** The frame of a record form (see `recordForm`): fields in a column, then Save, Cancel and status. */
export const formStyles = css`
  :host {
    display: block;
  }

  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding-block-start: var(--_space);
  }

  .saving {
    color: var(--_muted);
    font-size: 0.875em;
  }

  /* A field both sides changed in a conflict: its label, then Mine / Theirs. */
  .conflict-field {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-block: var(--_space);
  }

  .choice {
    display: flex;
    align-items: center;
    gap: var(--_space);
    overflow-wrap: anywhere;
  }
`;
