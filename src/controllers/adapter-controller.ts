/**
 * Resolves the adapter an element talks to: an explicit `adapter` property wins over context;
 * swapping either re-runs what depends on it; with neither, `adapter` is undefined and the
 * element shows its "no data adapter connected" state. It also forwards the adapter's change
 * notifications to the element for as long as it is connected.
 */
import { ContextEvent } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { contactsAdapterContext } from '../adapter/context.js';
import type { ContactsAdapter, ContactsChange } from '../adapter/types.js';

export interface AdapterControllerOptions {
  /** Called whenever the resolved adapter changes. */
  onAdapterChange?: (adapter: ContactsAdapter | undefined) => void;
  /** Called for every change the resolved adapter pushes. */
  onChange?: (change: ContactsChange) => void;
}

export class AdapterController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: AdapterControllerOptions;
  private explicitAdapter?: ContactsAdapter;
  private contextAdapter?: ContactsAdapter;
  private releaseContext?: () => void;
  private releaseChanges?: () => void;
  private resolved?: ContactsAdapter;
  private connected = false;

  constructor(host: ReactiveControllerHost & HTMLElement, options: AdapterControllerOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The adapter in use: the explicit one, else the one from context. */
  get adapter(): ContactsAdapter | undefined {
    return this.resolved;
  }

  /** Sets (or, with undefined, clears) the explicit adapter, which wins over context. */
  setExplicit(adapter: ContactsAdapter | undefined): void {
    this.explicitAdapter = adapter;
    this.resolve();
  }

  hostConnected(): void {
    this.connected = true;
    this.requestContext();
    // A provider attached after this element connected announces itself; ask again then.
    document.addEventListener('context-provider', this.onProvider);
    this.resolve();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('context-provider', this.onProvider);
    this.releaseContext?.();
    this.releaseContext = undefined;
    this.contextAdapter = undefined;
    this.resolve();
  }

  private requestContext(): void {
    this.host.dispatchEvent(
      new ContextEvent(contactsAdapterContext, this.host, this.onContextValue, true),
    );
  }

  private readonly onContextValue = (value: ContactsAdapter | undefined, release?: () => void) => {
    if (this.releaseContext && this.releaseContext !== release) this.releaseContext();
    this.releaseContext = release;
    this.contextAdapter = value;
    this.resolve();
  };

  private readonly onProvider = (event: Event) => {
    const { context } = event as Event & { context?: unknown };
    if (context === contactsAdapterContext && !this.releaseContext) this.requestContext();
  };

  private resolve(): void {
    const next = this.connected ? (this.explicitAdapter ?? this.contextAdapter) : undefined;
    if (next === this.resolved) return;
    this.releaseChanges?.();
    this.releaseChanges = undefined;
    this.resolved = next;
    if (next?.subscribe && this.options.onChange) {
      const onChange = this.options.onChange;
      this.releaseChanges = next.subscribe(change => onChange(change));
    }
    this.host.requestUpdate();
    this.options.onAdapterChange?.(next);
  }
}
