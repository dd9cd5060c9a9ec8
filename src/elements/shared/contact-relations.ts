/**
 * What a contact's read view loads besides the contact: its company and its recent conversations,
 * each with its own loading and error state, kept live from the adapter's change notifications.
 * Owned by `<contact-detail>` and `<conversation-contact-sidebar>`, which forward every change
 * their AdapterController receives to `handleChange`.
 */
import { Task, TaskStatus, initialState } from '@lit/task';
import { type ReactiveControllerHost, html, nothing } from 'lit';

import { isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange } from '../../adapter/types.js';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { Company, ConversationSummary } from '../../model/types.js';
import { displayName, newest, notSet } from './contact-view.js';
import {
  readCompany,
  readConversation,
  readList,
  unreadableRecord,
} from './contact-view-records.js';
import { channelName, describeError, statusName } from './errors.js';

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

export interface ConversationsRenderOptions {
  /** A conversation to mark, e.g. the one on screen. */
  currentId?: string | undefined;
  /** The mark's text. */
  currentLabel?: string;
}

export class ContactRelations {
  private readonly host: ReactiveControllerHost;
  private readonly options: ContactRelationsOptions;
  /** A newer version of the company, pushed by the adapter. */
  private liveCompany?: Company;
  private conversationsRevision = 0;

  private readonly companyTask: Task<
    readonly [ContactsAdapter | undefined, string | undefined],
    Company
  >;
  private readonly conversationsTask: Task<
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

  /** The company cell: a button when `onOpen` is given, else its name as text. */
  renderCompany(localize: LocalizeController, onOpen?: (company: Company) => void) {
    if (!this.options.companyId()) return notSet(localize);
    const company = this.company;
    if (company) {
      const name = displayName(company.name, displayName(company.domain, ''));
      if (!onOpen) return name;
      return html`<button type="button" class="link" dir="auto" @click=${() => onOpen(company)}>
        ${name}
      </button>`;
    }
    if (this.companyTask.status === TaskStatus.ERROR) {
      return html`<span class="muted">${describeError(localize.t, this.companyTask.error)}</span>`;
    }
    return html`<span class="muted">${localize.t.common.loading}</span>`;
  }

  /** The "Recent conversations" section, with its own loading, empty and error states. */
  renderConversations(localize: LocalizeController, options: ConversationsRenderOptions = {}) {
    const t = localize.t;
    const task = this.conversationsTask;
    let body: unknown;
    if (task.value && task.status !== TaskStatus.ERROR) {
      body = task.value.length
        ? html`<ul class="conversations" aria-labelledby="conversations-heading">
            ${task.value.map(conversation =>
              this.renderConversation(localize, conversation, options),
            )}
          </ul>`
        : html`<p class="muted">${t.detail.noConversations}</p>`;
    } else if (task.status === TaskStatus.ERROR) {
      body = html`<div class="alert alert--danger" role="alert">
        <p>${t.detail.loadConversationsFailed} ${describeError(t, task.error)}</p>
        <div class="alert-actions">
          <button type="button" @click=${() => task.run()}>${t.common.retry}</button>
        </div>
      </div>`;
    } else {
      body = html`<p class="muted" aria-busy="true">${t.detail.loadingConversations}</p>`;
    }
    return html`<section
      class="section"
      part="conversations"
      aria-labelledby="conversations-heading"
    >
      <h3 id="conversations-heading">${t.detail.recentConversations}</h3>
      ${body}
    </section>`;
  }

  private renderConversation(
    localize: LocalizeController,
    conversation: ConversationSummary,
    options: ConversationsRenderOptions,
  ) {
    const t = localize.t;
    const status = statusName(t, conversation.status);
    const current = options.currentLabel && conversation.id === options.currentId;
    return html`<li class="conversation ${current ? 'conversation--current' : ''}">
      <div class="conversation-meta">
        <span class="channel">${channelName(t, conversation.channel)}</span>
        <span class="status status--${conversation.status}">${status}</span>
        ${current ? html`<span class="current">${options.currentLabel}</span>` : nothing}
        <time datetime=${conversation.lastActivityAt}
          >${localize.formatDate(conversation.lastActivityAt, {
            dateStyle: 'short',
            timeStyle: 'short',
          })}</time
        >
      </div>
      <p class="preview" dir="auto">${conversation.lastMessagePreview ?? t.detail.noPreview}</p>
    </li>`;
  }
}
