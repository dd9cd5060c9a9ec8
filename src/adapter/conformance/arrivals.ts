/**
 * `resolveConversation`: an arriving conversation finds its contact (by channel identity, then
 * email, then phone) or creates one, and channel names never overwrite an agent's.
 */
import type { ArrivingConversation, MatchedBy } from '../../model/types.js';
import type { ContactsAdapter } from '../types.js';
import { check, checkDate, checkId, deepEqual, equal, rejectsAsDuplicate, show } from './assert.js';
import {
  addContact,
  countContacts,
  idsOf,
  PHONE_E164,
  PHONE_FORMATS,
  patchContact,
  uniqueSuffix,
} from './fixtures.js';
import type { Suite } from './harness.js';

interface Match {
  title: string;
  /** Writes the records the arrival meets; resolves with the id of the one it must match. */
  seed(adapter: ContactsAdapter): Promise<string>;
  arrival: () => ArrivingConversation;
  matchedBy: MatchedBy;
  /** Contacts in the store afterwards: none may be created. */
  contacts: number;
}

const addAnaAndBruno = async (adapter: ContactsAdapter) => {
  const ana = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
  await addContact(adapter, { name: 'Bruno', phone: '(11) 98765-4321' });
  return ana.id;
};

const MATCHES: readonly Match[] = [
  {
    title: 'reuses the contact with the same channel identity',
    seed: async adapter =>
      (
        await adapter.resolveConversation({
          channel: 'webchat',
          address: 'visitor-7',
          displayName: 'Visitor',
        })
      ).contact.id,
    arrival: () => ({ channel: 'webchat', address: 'visitor-7', displayName: 'Visitor' }),
    matchedBy: 'identity',
    contacts: 1,
  },
  {
    title: 'reuses the contact with the same email',
    seed: async adapter =>
      (await addContact(adapter, { name: 'Ana', email: 'ana@example.com' })).id,
    arrival: () => ({ channel: 'email', address: 'ANA@Example.com', displayName: 'Ana S.' }),
    matchedBy: 'email',
    contacts: 1,
  },
  {
    title: 'reuses the contact with the same phone in another format',
    seed: async adapter =>
      (await addContact(adapter, { name: 'Bruno', phone: '(11) 98765-4321' })).id,
    arrival: () => ({ channel: 'sms', address: '+55 11 98765 4321' }),
    matchedBy: 'phone',
    contacts: 1,
  },
  {
    title: 'prefers email over phone',
    seed: addAnaAndBruno,
    arrival: () => ({
      channel: 'webchat',
      address: `visitor-${uniqueSuffix()}`,
      email: 'ana@example.com',
      phone: '11987654321',
    }),
    matchedBy: 'email',
    contacts: 2,
  },
  {
    title: 'prefers the channel identity over email and phone',
    seed: async adapter => {
      const visitor = await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-9',
        displayName: 'Visitor',
      });
      await addAnaAndBruno(adapter);
      return visitor.contact.id;
    },
    arrival: () => ({
      channel: 'webchat',
      address: 'visitor-9',
      email: 'ana@example.com',
      phone: '11987654321',
    }),
    matchedBy: 'identity',
    contacts: 3,
  },
];

/** A channel-only arrival (no email, no phone) and what, added later, clears its pending action. */
const PENDING = [
  {
    title:
      'a webchat visitor without email or phone gets a pending action that resolves once a phone is added',
    arrival: () => ({
      channel: 'webchat' as const,
      address: `visitor-${uniqueSuffix()}`,
      displayName: 'Visitante',
    }),
    added: { phone: '(11) 98765-4321' },
  },
  {
    title:
      'an Instagram user without email or phone gets a pending action that resolves once an email is added',
    arrival: () => ({
      channel: 'instagram' as const,
      address: '@ana.rocha',
      displayName: 'Ana Rocha',
    }),
    added: { email: 'ana.rocha@example.com' },
  },
];

export function arrivals({ describe, test }: Suite): void {
  describe('resolveConversation', () => {
    test('creates a contact named from the channel display name', async adapter => {
      const result = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: '+55 11 98765-4321',
        displayName: 'Zé Silva',
      });
      equal(result.outcome, 'created', 'outcome');
      const { contact } = result;
      equal(contact.name, 'Zé Silva', 'name');
      equal(contact.nameSource, 'channel', 'nameSource');
      equal(contact.version, 1, 'version');
      equal(contact.pendingActions.length, 0, 'pending actions of a contact with a phone');
      check(
        contact.identities.some(i => i.channel === 'whatsapp'),
        `identities should include the whatsapp identity, got ${show(contact.identities)}`,
      );
      deepEqual(
        await adapter.getContact(contact.id),
        contact,
        'getContact after resolveConversation',
      );
    });

    test('a WhatsApp address is the contact’s phone', async adapter => {
      const { contact } = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: '(11) 98765-4321',
        displayName: 'Zé',
      });
      equal(contact.phone, PHONE_E164, 'phone taken from the WhatsApp address');
      await rejectsAsDuplicate(
        addContact(adapter, { name: 'Zé', phone: '+55 11 98765 4321' }),
        contact.id,
        undefined,
        'createContact with the phone a WhatsApp arrival brought',
      );
    });

    for (const { title, seed, arrival, matchedBy, contacts } of MATCHES) {
      test(title, async adapter => {
        const expectedId = await seed(adapter);
        const result = await adapter.resolveConversation(arrival());
        equal(result.outcome, 'matched', 'outcome');
        equal(result.matchedBy, matchedBy, 'matchedBy');
        equal(result.contact.id, expectedId, `contact id (matched by ${matchedBy})`);
        equal(await countContacts(adapter), contacts, 'contacts');
      });
    }

    test('a new channel display name renames a contact named by the channel', async adapter => {
      const first = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[0],
        displayName: 'Zé',
      });
      const second = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[1],
        displayName: 'José Silva',
      });
      equal(second.contact.id, first.contact.id, 'contact id');
      equal(second.contact.name, 'José Silva', 'name after the channel name changed');
      equal(second.contact.nameSource, 'channel', 'nameSource');
      equal((await adapter.getContact(first.contact.id)).name, 'José Silva', 'stored name');
    });

    test('a channel display name never overwrites an agent’s name', async adapter => {
      const { contact } = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[0],
        displayName: 'Zé',
      });
      const edited = await patchContact(adapter, contact, { name: 'José (VIP customer)' });
      equal(edited.nameSource, 'agent', 'nameSource after an agent renames');
      const later = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[0],
        displayName: 'Zezinho',
      });
      equal(later.contact.id, contact.id, 'contact id');
      equal(later.contact.name, 'José (VIP customer)', 'name after a later channel sync');
      equal(later.contact.nameSource, 'agent', 'nameSource after a later channel sync');
      equal((await adapter.getContact(contact.id)).name, 'José (VIP customer)', 'stored name');
    });

    test('an agent-created contact keeps its name when the person writes in', async adapter => {
      const bruno = await addContact(adapter, {
        name: 'Bruno Lima',
        phone: PHONE_FORMATS[0],
        nameSource: 'agent',
      });
      const result = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[2],
        displayName: 'B',
      });
      equal(result.contact.id, bruno.id, 'contact id');
      equal(result.contact.name, 'Bruno Lima', 'name');
    });

    for (const { title, arrival, added } of PENDING) {
      test(title, async adapter => {
        const incoming = arrival();
        const { contact, outcome } = await adapter.resolveConversation(incoming);
        equal(outcome, 'created', 'outcome');
        equal(contact.name, incoming.displayName, 'name');
        equal(contact.email, undefined, 'email');
        equal(contact.phone, undefined, 'phone');
        deepEqual(
          contact.pendingActions.map(a => a.type),
          ['add-contact-info'],
          'pending action types',
        );
        const [action] = contact.pendingActions;
        checkId(action!.id, 'a pending action id');
        checkDate(action!.createdAt, 'pending action createdAt');
        // Pending contacts are listed like any other, not hidden.
        deepEqual(idsOf(await adapter.listContacts()), [contact.id], 'ids in the unfiltered list');
        equal(await countContacts(adapter, { pending: true }), 1, 'contacts with pending: true');

        const updated = await patchContact(adapter, contact, added);
        deepEqual(updated.pendingActions, [], `pending actions after ${show(added)} was added`);
        equal(
          (await adapter.getContact(contact.id)).pendingActions.length,
          0,
          'stored pending actions',
        );
        equal(
          await countContacts(adapter, { pending: true }),
          0,
          `contacts with pending: true after ${show(added)}`,
        );
      });
    }
  });
}
