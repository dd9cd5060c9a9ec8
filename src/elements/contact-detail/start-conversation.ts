/**
 * The "Start conversation" section of `<contact-detail>`: the channel choice (when there is more
 * than one), the button, the polite progress line, and a failure's alert with Retry. The state
 * machine behind it is the StartConversationController, which the detail creates from here: both
 * load with the first contact.
 */
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { StartConversationController } from '../../controllers/start-conversation-controller.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Channel, Contact } from '../../model/types.js';
import { describeError } from '../shared/errors.js';
import { channelName } from '../shared/record-view.js';

export { StartConversationController } from '../../controllers/start-conversation-controller.js';
export { fieldStyles } from '../shared/field.styles.js';
export { startStyles } from './start-conversation.styles.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/** `onStart` without a channel starts on the chosen one; Retry passes the failed channel. */
export function startConversation(
  localize: LocalizeController,
  starter: StartConversationController,
  contact: Contact,
  onStart: (channel?: Channel) => unknown,
) {
  const t = localize.t;
  const channels = starter.channels(contact);
  const channel = starter.channelFor(contact);
  const start = starter.state;
  return html`<div class="start" part="start">
    <div class="start-row">
      ${
        channels.length > 1
          ? html`<label for="channel">${t.detail.channel}</label>
              <select
                id="channel"
                @change=${(event: Event) => starter.choose((event.target as HTMLSelectElement).value)}
              >
                ${channels.map(
                  option =>
                    html`<option value=${option} ?selected=${option === channel}>
                      ${channelName(t, option)}
                    </option>`,
                )}
              </select>`
          : nothing
      }
      <button
        id="start"
        type="button"
        class="primary"
        ?disabled=${!channel}
        aria-disabled=${starter.busy ? 'true' : 'false'}
        aria-describedby=${ifDefined(channel ? undefined : 'no-channel')}
        @click=${() => onStart()}
      >
        ${t.detail.startConversation}
      </button>
      ${
        channels.length === 1 && channel
          ? html`<span class="muted">${t.detail.onChannel(channelName(t, channel))}</span>`
          : nothing
      }
    </div>
    ${channel ? nothing : html`<p class="hint" id="no-channel">${t.detail.noReachableChannel}</p>`}
    <p class="start-status" role="status">${progress(localize, starter)}</p>
    ${
      start?.phase === 'failed'
        ? html`<div id="start-error" class="alert alert--danger" role="alert" tabindex="-1">
            <p><strong>${t.detail.startFailed(channelName(t, start.channel))}</strong></p>
            <p>${describeError(t, start.error)}</p>
            <div class="alert-actions">
              <button type="button" @click=${() => onStart(start.channel)}>
                ${t.common.retry}
              </button>
            </div>
          </div>`
        : nothing
    }
  </div>`;
}

function progress(localize: LocalizeController, starter: StartConversationController) {
  const t = localize.t;
  const start = starter.state;
  if (start?.phase === 'starting') return t.detail.starting(channelName(t, start.channel));
  if (start?.phase === 'started') {
    return html`<span class="success">${t.detail.started(channelName(t, start.channel))}</span>`;
  }
  return nothing;
}
