import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  #info-hint {
    margin-block-end: calc(var(--_space) * -1);
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
`;
