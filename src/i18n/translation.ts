import type { en } from './en/index.js';

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> };

/** Every user-visible string of the elements, accessible names and error messages included. */
export type Translation = Widen<typeof en>;
