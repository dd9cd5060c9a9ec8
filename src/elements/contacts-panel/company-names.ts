/**
 * The names of the companies that contact rows show: asked of the adapter once each, after the
 * rows that want them are rendered, and kept current by the adapter's change notifications.
 */
import { isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter } from '../../adapter/types.js';

export interface CompanyNamesOptions {
  adapter: () => ContactsAdapter | undefined;
  /** A name arrived: the rows showing it should render again. */
  onLoad: () => void;
  onError: (operation: string, error: unknown) => void;
}

export class CompanyNames {
  private readonly options: CompanyNamesOptions;
  private readonly names = new Map<string, string>();
  private readonly loads = new Set<string>();
  private wanted = new Set<string>();

  constructor(options: CompanyNamesOptions) {
    this.options = options;
  }

  /** The company's name; undefined until it is loaded, which {@link load} then does. */
  get(id: string): string | undefined {
    const name = this.names.get(id);
    if (name === undefined) this.wanted.add(id);
    return name;
  }

  set(id: string, name: string): void {
    this.names.set(id, name);
  }

  clear(): void {
    this.names.clear();
    this.loads.clear();
  }

  /** Fetches the names asked for since the last call, each once. */
  load(): void {
    const adapter = this.options.adapter();
    if (!adapter) return;
    for (const id of this.wanted) {
      if (this.names.has(id) || this.loads.has(id)) continue;
      this.loads.add(id);
      adapter.getCompany(id).then(
        company => {
          if (this.options.adapter() !== adapter) return;
          this.names.set(id, company.name);
          this.options.onLoad();
        },
        (error: unknown) => {
          if (this.options.adapter() !== adapter) return;
          // A company that is gone just leaves the row without a company name.
          this.names.set(id, '');
          if (!isContactsError(error, 'not-found')) this.options.onError('get-company', error);
          this.options.onLoad();
        },
      );
    }
    this.wanted = new Set();
  }
}
