/** Conversations: recorded by arrivals, listed newest first, started on a reachable channel. */
import type { ArrivingConversation } from '../../model/types.js';
import { check, checkDate, checkId, deepEqual, equal, rejectsWith, show } from './assert.js';
import { addContact, PHONE_FORMATS, uniqueSuffix } from './fixtures.js';
import type { Suite } from './harness.js';

export function conversations({ describe, test }: Suite): void {
  describe('conversations', () => {
    test('resolveConversation records the conversation; listConversations gives the newest first', async adapter => {
      const suffix = uniqueSuffix();
      const ids = [`conv-a-${suffix}`, `conv-b-${suffix}`, `conv-c-${suffix}`];
      const times = [
        '2024-03-01T10:00:00.000Z',
        '2024-03-02T10:00:00.000Z',
        '2024-03-03T10:00:00.000Z',
      ];
      let contactId = '';
      for (const [i, conversationId] of ids.entries()) {
        const arrival: ArrivingConversation = {
          channel: 'whatsapp',
          address: PHONE_FORMATS[i]!,
          displayName: 'Zé',
          conversationId,
          preview: `message ${i}`,
          at: times[i]!,
        };
        contactId = (await adapter.resolveConversation(arrival)).contact.id;
      }
      const list = await adapter.listConversations(contactId);
      deepEqual(
        list.map(c => c.id),
        [...ids].reverse(),
        'conversation ids, newest first',
      );
      for (const conversation of list) {
        equal(conversation.contactId, contactId, `contactId of ${conversation.id}`);
        equal(conversation.channel, 'whatsapp', `channel of ${conversation.id}`);
        checkDate(conversation.lastActivityAt, `lastActivityAt of ${conversation.id}`);
      }
      deepEqual(
        (await adapter.listConversations(contactId, { limit: 2 })).map(c => c.id),
        [ids[2], ids[1]],
        'conversation ids with limit 2',
      );
    });

    test('no conversation is recorded without a conversationId', async adapter => {
      const { contact } = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[0],
        displayName: 'Zé',
      });
      deepEqual(await adapter.listConversations(contact.id), [], 'conversations');
    });

    test('startConversation opens a conversation on a channel the contact is reachable on', async adapter => {
      const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0] });
      const conversation = await adapter.startConversation(contact.id, 'whatsapp');
      checkId(conversation.id, 'a conversation id');
      equal(conversation.contactId, contact.id, 'contactId');
      equal(conversation.channel, 'whatsapp', 'channel');
      check(
        ['open', 'pending', 'snoozed', 'resolved'].includes(conversation.status),
        `status should be open, pending, snoozed or resolved, got ${show(conversation.status)}`,
      );
      checkDate(conversation.lastActivityAt, 'lastActivityAt');
      const list = await adapter.listConversations(contact.id);
      equal(list[0]?.id, conversation.id, 'newest conversation after startConversation');
    });

    test('startConversation with a repeated idempotency key opens one conversation', async adapter => {
      const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0] });
      const idempotencyKey = `start-${uniqueSuffix()}`;
      const first = await adapter.startConversation(contact.id, 'whatsapp', { idempotencyKey });
      const again = await adapter.startConversation(contact.id, 'whatsapp', { idempotencyKey });
      equal(again.id, first.id, 'id of the retried start');
      equal((await adapter.listConversations(contact.id)).length, 1, 'conversations after a retry');
    });

    test('resolveConversation returns the conversation it recorded', async adapter => {
      const conversationId = `conv-${uniqueSuffix()}`;
      const result = await adapter.resolveConversation({
        channel: 'webchat',
        address: `visitor-${conversationId}`,
        conversationId,
        preview: 'Hello',
      });
      equal(result.conversation?.id, conversationId, 'result.conversation.id');
      equal(result.conversation?.contactId, result.contact.id, 'result.conversation.contactId');
    });

    test('startConversation refuses a channel the contact cannot be reached on', async adapter => {
      const contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      await rejectsWith(
        adapter.startConversation(contact.id, 'whatsapp'),
        'validation',
        'startConversation on WhatsApp for a contact without a phone',
      );
      deepEqual(await adapter.listConversations(contact.id), [], 'conversations after the refusal');
    });
  });
}
