/**
 * The meta every element's stories share: the element's properties as controls, its adapter from
 * the story's mock API (or none, for the NoAdapter story), and one mock API per story.
 */
import type { ArgTypes, Meta } from '@storybook/web-components-vite';
import { noChange, type TemplateResult } from 'lit';
import {
  Directive,
  directive,
  type DirectiveResult,
  type ElementPart,
  type PartInfo,
  PartType,
} from 'lit/directive.js';

import { apiOf, mockApi } from './mock-api.js';

/** The args of an element's stories: its properties, and one story-only switch. */
export interface ElementArgs {
  [name: string]: unknown;
  defaultCountry: string;
  /** Story-only: render without an adapter. */
  withoutAdapter?: boolean;
}

/**
 * Sets the properties on the element it is bound to, each only when its value changed, as Lit's
 * own `.name=${value}` bindings do.
 */
class PropertiesDirective extends Directive {
  private last: Record<string, unknown> = {};

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('properties() binds to an element.');
  }

  render(_values: Record<string, unknown>) {
    return noChange;
  }

  override update(part: ElementPart, [values]: [Record<string, unknown>]) {
    const element = part.element as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(values)) {
      if (!(name in this.last) || this.last[name] !== value) element[name] = value;
    }
    this.last = values;
    return noChange;
  }
}

const properties = directive(PropertiesDirective);

const attributeOf = (property: string) => property.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);

export interface ElementMetaOptions<A extends ElementArgs> extends Meta<A> {
  /** The element's properties the stories set, with their controls, in the order shown. */
  controls: Partial<ArgTypes<A>>;
  /** The element, with `bind` on it: `bind => html\`<my-element ${bind}></my-element>\``. */
  template: (bind: DirectiveResult) => TemplateResult;
}

/**
 * The meta of an element's stories but for `title` and `component`, which Storybook's indexer
 * reads from the stories file itself: `{ title, component, ...elementMeta({ … }) }`. Its render
 * sets the `controls` properties from the args, and `adapter` from the story's mock API.
 * Attribute spellings of the properties get no control of their own.
 */
export function elementMeta<A extends ElementArgs>({
  controls,
  template,
  ...meta
}: ElementMetaOptions<A>): Meta<A> {
  const names = Object.keys(controls);
  const attributes = names.filter(name => /[A-Z]/.test(name)).map(attributeOf);
  return {
    argTypes: {
      adapter: { control: false },
      ...controls,
      ...Object.fromEntries(attributes.map(name => [name, { control: false }])),
      withoutAdapter: { table: { disable: true } },
    } as Partial<ArgTypes<A>>,
    loaders: [mockApi()],
    render: (args, context) =>
      template(
        properties({
          adapter: args.withoutAdapter ? undefined : apiOf(context).adapter,
          ...Object.fromEntries(names.map(name => [name, args[name]])),
        }),
      ),
    ...meta,
  };
}
