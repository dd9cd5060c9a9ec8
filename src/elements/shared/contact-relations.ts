/**
 * What a contact's read view loads besides the contact: its company and its recent conversations,
 * each with its own loading and error state, kept live from the adapter's change notifications.
 * Owned by `<contact-detail>` and `<conversation-contact-sidebar>`, which forward every change
 * their AdapterController receives to `handleChange`. `companyCell` and `conversationsSection`
 * (record-view.ts) render it.
 */
import { Task, initialState } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';

import { isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange } from '../../adapter/types.js';
import type { Company, ConversationSummary } from '../../model/types.js';
import { newest } from './contact-view.js';
import {
  readCompany,
  readConversation,
  readList,
  unreadableRecord,
} from './contact-view-records.js';

export interface ContactRelationsOptions {
  adapter: () => ContactsAdapter | undefined;
  /** The contact whose conversations to list. */
  contactId: () => string | undefined;
  /** The contact's company. */
  companyId: () => string | undefined;
  /** Reports a failed load; the host fires `contacts-error`. */
  onError: (operation: string, error: unknown) => void;
  /** How many recent conversations to show. Default 5. */
  limit?: number;
}

export class ContactRelations {
  private readonly host: ReactiveControllerHost;
  private readonly options: ContactRelationsOptions;
  /** A newer version of the company, pushed by the adapter. */
  private liveCompany?: Company;
  private conversationsRevision = 0;

  readonly companyTask: Task<readonly [ContactsAdapter | undefined, string | undefined], Company>;
  readonly conversationsTask: Task<
    readonly [ContactsAdapter | undefined, string | undefined, number],
    ConversationSummary[]
  >;

  constructor(host: ReactiveControllerHost, options: ContactRelationsOptions) {
    this.host = host;
    this.options = options;
    this.companyTask = new Task(host, {
      args: () => [options.adapter(), options.companyId()] as const,
      task: async ([adapter, id], { signal }) => {
        if (!adapter || !id) return initialState;
        try {
          const company = readCompany(await adapter.getCompany(id, { signal }));
          if (company?.id !== id) throw unreadableRecord('a company', company ? 'id' : '');
          return company;
        } catch (error) {
          // A company deleted behind the contact's back is shown as such, not reported.
          if (!isContactsError(error, 'not-found')) options.onError('get-company', error);
          throw error;
        }
      },
    });
    this.conversationsTask = new Task(host, {
      args: () => [options.adapter(), options.contactId(), this.conversationsRevision] as const,
      task: async ([adapter, id], { signal }) => {
        if (!adapter || !id) return initialState;
        try {
          const answer = await adapter.listConversations(
            id,
            { limit: options.limit ?? 5 },
            { signal },
          );
          // One conversation that cannot be shown is left out and reported; the others show.
          const { items, skipped } = readList(answer, readConversation);
          if (!Array.isArray(answer)) throw unreadableRecord('a list of conversations');
          if (skipped) {
            options.onError(
              'list-conversations',
              unreadableRecord(`${skipped} unreadable conversations`, 'items'),
            );
          }
          return items;
        } catch (error) {
          options.onError('list-conversations', error);
          throw error;
        }
      },
    });
  }

  /** The contact's company id, if it has one. */
  get companyId(): string | undefined {
    return this.options.companyId();
  }

  /** The contact's company: the newest of the loaded and pushed versions. */
  get company(): Company | undefined {
    return newest(this.options.companyId(), this.companyTask.value, this.liveCompany);
  }

  /** Keeps the company and the conversations current; call it for every adapter change. */
  handleChange(change: ContactsChange): void {
    if (change.type === 'company' && change.company?.id === this.options.companyId()) {
      this.liveCompany = readCompany(change.company);
      this.host.requestUpdate();
    } else if (
      change.type === 'conversation' &&
      change.conversation?.contactId === this.options.contactId()
    ) {
      this.refreshConversations();
    }
  }

  /** Lists the conversations again, e.g. after starting one. */
  refreshConversations(): void {
    this.conversationsRevision++;
    this.host.requestUpdate();
  }
}
