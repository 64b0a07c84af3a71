import {
  getSettings,
  SettingsChange,
  SettingsDto,
  updateSettings,
  UpdateSettingsInput,
} from '../../services/settings/settings.js';
import { REBUILD_COMMAND, REBUILD_IN_REQUEST_LIMIT } from '../../services/settings/rebuild-days.js';
import type { Api } from '../route.js';

export function settingsRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/settings',
    tag: 'settings',
    summary: "The shop's settings: time zone, currency, sku case",
    success: { status: 200, description: 'The settings, with their version', schema: SettingsDto },
    handler: ({ ctx }) => getSettings({ ctx }),
  });
  api.add({
    method: 'put',
    path: '/settings',
    tag: 'settings',
    summary: "Change some of the shop's settings, with the version you read (admin)",
    description: `Fields left out keep their value. \`unknown_time_zone\` and \`unknown_currency\` are listed together in one \`validation_failed\`; a version other than the current one is \`invalid_state\` with \`details.reason: stale_version\`. A new time zone rebuilds the per-day figures from the movements in the same transaction (up to ${REBUILD_IN_REQUEST_LIMIT.toLocaleString('en')} movements); beyond that, \`days.rebuilt\` is false and \`days.command\` names the command an operator runs (\`${REBUILD_COMMAND}\`).`,
    body: UpdateSettingsInput,
    success: { status: 200, description: 'The settings as changed', schema: SettingsChange },
    errors: ['forbidden', 'invalid_state'],
    handler: ({ ctx, body }) => updateSettings({ ctx, input: body }),
  });
}
