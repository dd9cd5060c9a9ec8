/**
 * What an element hosting a record form shows for a save that ended after the form was gone
 * (`SaveOutcomeController`): for each failure, "Save failed", why, and Reopen, which brings the
 * form back with everything the agent typed; for a late success, a status message.
 */
import { type TemplateResult, html, nothing } from 'lit';

import type { SaveOutcomeController } from '../../controllers/save-outcome-controller.js';
import type { Translation } from '../../i18n/translation.js';
import { saveErrorText } from './save-errors.js';

export function saveOutcomeTemplate(
  t: Translation,
  outcomes: SaveOutcomeController,
): TemplateResult {
  return html`${outcomes.failures.map(
      failure =>
        html`<div class="alert alert--danger" role="alert" part="save-outcome">
          <p><strong>${t.form.saveFailed}</strong></p>
          <p>
            ${failure.noun === 'contact' ? t.form.notSavedContact : t.form.notSavedCompany}
            ${saveErrorText(t, failure.error)}
          </p>
          <div class="alert-actions">
            <button type="button" @click=${() => void outcomes.reopen(failure)}>
              ${t.form.reopen}
            </button>
            <button type="button" @click=${() => outcomes.dismiss(failure)}>
              ${t.form.dismiss}
            </button>
          </div>
        </div>`,
    )}
    <span class="visually-hidden" role="status">
      ${outcomes.saved ? t.form.savedAfterClose : nothing}
    </span>`;
}
