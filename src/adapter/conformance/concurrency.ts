/** Twenty overlapping writes of one phone, typed five ways, still make one contact. */
import type { ArrivingConversation } from '../../model/types.js';
import { isContactsError } from '../errors.js';
import { check, equal, showError } from './assert.js';
import { addContact, countContacts, PHONE_E164, PHONE_FORMATS, uniqueSuffix } from './fixtures.js';
import type { Suite } from './harness.js';

const phoneOf = (i: number) => PHONE_FORMATS[i % PHONE_FORMATS.length]!;

export function concurrency({ describe, test }: Suite): void {
  describe('concurrency', () => {
    test('20 concurrent arrivals of one phone in different formats give one contact', async adapter => {
      const suffix = uniqueSuffix();
      // Half arrive on WhatsApp (the address is the phone), half on webchat with the phone given,
      // so some can only be matched by phone.
      const arrivals: ArrivingConversation[] = Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? {
              channel: 'webchat',
              address: `visitor-${suffix}-${i}`,
              phone: phoneOf(i),
              displayName: `Visitor ${i}`,
            }
          : { channel: 'whatsapp', address: phoneOf(i), displayName: 'Zé' },
      );
      const results = await Promise.all(
        arrivals.map(arrival => adapter.resolveConversation(arrival)),
      );
      const created = results.filter(r => r.outcome === 'created');
      equal(created.length, 1, 'arrivals that created a contact');
      const ids = new Set(results.map(r => r.contact.id));
      equal(ids.size, 1, 'distinct contacts across the arrivals');
      for (const r of results) {
        if (r.outcome === 'matched') {
          check(r.matchedBy !== undefined, 'a matched arrival should say how it matched');
        } else equal(r.outcome, 'created', 'outcome');
      }
      equal(await countContacts(adapter), 1, 'contacts after concurrent arrivals');
      equal(await countContacts(adapter, { phone: PHONE_E164 }), 1, 'contacts with the phone');
    });

    test('20 concurrent creates of one phone give one contact and 19 duplicates', async adapter => {
      const settled = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          addContact(adapter, { name: `Person ${i}`, phone: phoneOf(i) }),
        ),
      );
      const fulfilled = settled.filter(s => s.status === 'fulfilled');
      equal(fulfilled.length, 1, 'creates that succeeded');
      const winner = fulfilled[0]!.value;
      for (const s of settled) {
        if (s.status === 'rejected') {
          check(
            isContactsError(s.reason, 'duplicate'),
            `a losing create should reject with 'duplicate', got ${showError(s.reason)}`,
          );
          equal(s.reason.existingId, winner.id, 'existingId of a losing create');
        }
      }
      equal(await countContacts(adapter), 1, 'contacts after concurrent creates');
    });
  });
}
