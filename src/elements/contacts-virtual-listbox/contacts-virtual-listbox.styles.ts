import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    overflow-y: auto;
    overflow-x: hidden;
    min-block-size: 0;
    overscroll-behavior: contain;
  }

  ::slotted(.sizer) {
    position: relative;
    inline-size: 100%;
    /* Rows placed for a scaled scroll range may lie past the sizer; they must not extend it. */
    overflow: clip;
    contain: layout paint;
  }
`;
