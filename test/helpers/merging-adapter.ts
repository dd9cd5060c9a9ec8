/**
 * The in-memory adapter, recording the merges the elements ask for and able to fail the next
 * ones: shared by the merge tests and stories.
 */
import { type ContactsError } from '../../src/adapter/errors.js';
import {
  type Dataset,
  InMemoryContactsAdapter,
} from '../../src/adapter/in-memory/in-memory-adapter.js';
import type {
  ContactsAdapter,
  MergeChoices,
  MergeOptions,
  MergeResult,
} from '../../src/adapter/types.js';
import type { ArrivingConversation } from '../../src/model/types.js';
import {
  ACME,
  ANA,
  BRUNO,
  CONVERSATIONS,
  GLOBEX,
  PENDING,
  contact,
} from '../elements/contacts-fixtures.js';

export interface MergeCall {
  primaryId: string;
  secondaryId: string;
  choices: MergeChoices;
  options: MergeOptions;
}

/**
 * The in-memory adapter over a copy of `data`, recording every `mergeContacts` call in `calls`;
 * `failures` are thrown by the next merges, in order, before the adapter is asked.
 */
export class MergingAdapter extends InMemoryContactsAdapter {
  readonly calls: MergeCall[] = [];
  readonly failures: ContactsError[] = [];
  /**
   * When set, a merge commits and pushes its changes at once but answers only once this settles:
   * a backend whose change stream is faster than its answer.
   */
  answerAfter?: Promise<void>;

  constructor(data: Partial<Dataset>) {
    super({ data: structuredClone(data) });
  }

  /** The store behind the elements, for setting the scene and checking the outcome. */
  get inner(): InMemoryContactsAdapter {
    return this;
  }

  /** The adapter the elements get. */
  asAdapter(): ContactsAdapter {
    return this;
  }

  override async mergeContacts(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult> {
    this.calls.push({ primaryId, secondaryId, choices, options });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const result = await super.mergeContacts(primaryId, secondaryId, choices, options);
    await this.answerAfter;
    return result;
  }
}

// ---- Records for merging ------------------------------------------------------------------------

/** Ana again, from an older import: same name, another email, the same last phone digits. */
export const ANA_AGAIN = contact({
  id: 'ct_ana_again',
  name: 'ana souza',
  nameSource: 'import',
  email: 'ana.souza@globex.com',
  phone: '+351912654321',
  companyId: GLOBEX.id,
  identities: [{ channel: 'email', address: 'ana.souza@globex.com' }],
});

/** A webchat visitor who has not given an email or a phone yet. */
export const VISITOR = contact({
  id: 'ct_visitor',
  name: 'Visitor 42',
  nameSource: 'channel',
  identities: [{ channel: 'webchat', address: 'visitor-42' }],
  pendingActions: [{ id: 'pa_v', type: 'add-contact-info', createdAt: ANA.createdAt }],
});

export const MERGE_DATA: Partial<Dataset> = {
  companies: [ACME, GLOBEX],
  contacts: [ANA, ANA_AGAIN, BRUNO, PENDING, VISITOR],
  conversations: [
    ...CONVERSATIONS,
    {
      id: 'cv_web',
      contactId: VISITOR.id,
      channel: 'webchat',
      status: 'open',
      lastMessagePreview: 'Hi, about my order',
      lastActivityAt: '2026-10-01T11:00:00.000Z',
    },
  ],
};

export const VISITOR_ON_WEBCHAT: ArrivingConversation = {
  channel: 'webchat',
  address: 'visitor-42',
  displayName: 'Visitor 42',
  conversationId: 'cv_web',
};
