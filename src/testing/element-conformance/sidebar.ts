/**
 * Checks on `<conversation-contact-sidebar>`: an arriving conversation resolves to the contact
 * reached by its phone, and two conversations arriving at once from one new phone leave exactly
 * one contact.
 */
import { equal } from '../../adapter/conformance/assert.js';
import { addContact } from '../../adapter/conformance/fixtures.js';
import type { ArrivingConversation } from '../../model/types.js';
import { findByRole } from './dom.js';
import type { Check } from './harness.js';

export const sidebarChecks: readonly Check[] = [
  {
    title: 'an arriving conversation resolves to the contact with its phone',
    seed: 3,
    async run(stage) {
      const known = await addContact(stage.adapter, {
        name: 'Paula Arrival',
        phone: '+5521987650001',
      });
      const conversation: ArrivingConversation = {
        channel: 'whatsapp',
        address: '+55 21 98765-0001',
        displayName: 'Paulinha',
        conversationId: 'cv_kit_known',
      };
      const sidebar = stage.mount<HTMLElement>('conversation-contact-sidebar', {
        adapter: stage.adapter,
        conversation,
      });
      await findByRole(sidebar, 'complementary', 'Contact');
      await findByRole(sidebar, 'heading', known.name);
      const found = await stage.adapter.listContacts({ search: '987650001', limit: 50 });
      equal(found.total, 1, 'contacts with the phone after the arrival');
    },
  },
  {
    title: 'two conversations arriving at once from one new phone leave one contact',
    seed: 3,
    async run(stage) {
      const arrival = (i: number): ArrivingConversation => ({
        channel: i ? 'sms' : 'whatsapp',
        address: i ? '+55 21 98765-0002' : '+5521987650002',
        displayName: 'Twin Arrival',
        conversationId: `cv_kit_twin_${i}`,
      });
      const bars = [0, 1].map(i =>
        stage.mount<HTMLElement>('conversation-contact-sidebar', {
          adapter: stage.adapter,
          conversation: arrival(i),
        }),
      );
      await Promise.all(bars.map(bar => findByRole(bar, 'heading', 'Twin Arrival')));
      const found = await stage.adapter.listContacts({ search: '987650002', limit: 50 });
      equal(found.total, 1, 'contacts with the phone after both arrivals');
      equal(found.items[0]!.name, 'Twin Arrival', 'the contact’s name');
    },
  },
];
