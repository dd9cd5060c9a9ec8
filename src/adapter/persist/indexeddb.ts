/**
 * Optional IndexedDB persistence for the in-memory adapter, so a demo survives a reload: the
 * store loads from the database at start and writes each change through.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

import type { Company, Contact, ConversationSummary } from '../../model/types.js';
import {
  type Dataset,
  type InMemoryAdapterOptions,
  InMemoryContactsAdapter,
} from '../in-memory/in-memory-adapter.js';
import type { ContactsChange } from '../types.js';

interface ContactsDB extends DBSchema {
  contacts: { key: string; value: Contact };
  companies: { key: string; value: Company };
  conversations: { key: string; value: ConversationSummary };
}

export interface PersistentAdapterOptions extends Omit<InMemoryAdapterOptions, 'data'> {
  /** IndexedDB database name. */
  databaseName: string;
  /** Data to start with when the database is empty (first visit). */
  seed?: () => Partial<Dataset>;
}

export interface PersistentAdapter {
  adapter: InMemoryContactsAdapter;
  /** Waits for the writes still in flight. */
  flush(): Promise<void>;
  /** Empties the database, e.g. for a "reset demo data" button; reload afterwards. */
  clear(): Promise<void>;
  close(): void;
}

const STORES = ['contacts', 'companies', 'conversations'] as const;

export async function createPersistentAdapter(
  options: PersistentAdapterOptions,
): Promise<PersistentAdapter> {
  const { databaseName, seed, ...adapterOptions } = options;
  const db: IDBPDatabase<ContactsDB> = await openDB<ContactsDB>(databaseName, 1, {
    upgrade(database) {
      for (const store of STORES) database.createObjectStore(store, { keyPath: 'id' });
    },
  });
  const [contacts, companies, conversations] = await Promise.all([
    db.getAll('contacts'),
    db.getAll('companies'),
    db.getAll('conversations'),
  ]);
  const fresh = contacts.length === 0 && companies.length === 0;
  // A deleted contact's conversations stay in the database (no change names them); they leave
  // with it on load. Restore points live in memory only: after a reload, restore answers
  // `not-found`.
  const kept = new Set(contacts.map(contact => contact.id));
  const data: Partial<Dataset> = fresh
    ? (seed?.() ?? {})
    : {
        contacts,
        companies,
        conversations: conversations.filter(conversation => kept.has(conversation.contactId)),
      };
  const adapter = new InMemoryContactsAdapter({ ...adapterOptions, data });

  let pending: Promise<unknown> = Promise.resolve();
  const write = (work: () => Promise<unknown>) => {
    pending = pending
      .then(work)
      .catch(error => console.error('contacts: could not persist a change', error));
  };
  if (fresh) {
    write(async () => {
      const tx = db.transaction(STORES, 'readwrite');
      for (const c of data.contacts ?? []) void tx.objectStore('contacts').put(c);
      for (const c of data.companies ?? []) void tx.objectStore('companies').put(c);
      for (const c of data.conversations ?? []) void tx.objectStore('conversations').put(c);
      await tx.done;
    });
  }
  const unsubscribe = adapter.subscribe((change: ContactsChange) => {
    write(() => {
      switch (change.type) {
        case 'contact':
          return db.put('contacts', change.contact);
        case 'company':
          return db.put('companies', change.company);
        case 'conversation':
          return db.put('conversations', change.conversation);
        case 'removed':
          return db.delete(change.kind === 'contact' ? 'contacts' : 'companies', change.id);
      }
    });
  });

  return {
    adapter,
    flush: () => pending.then(() => undefined),
    async clear() {
      await pending;
      const tx = db.transaction(STORES, 'readwrite');
      await Promise.all([...STORES.map(store => tx.objectStore(store).clear()), tx.done]);
    },
    close() {
      unsubscribe();
      db.close();
    },
  };
}
