/** Every table, from one import. The definitions live in `schema/`, one file per area. */
export * from './schema/ledger.js';
export * from './schema/documents.js';
export * from './schema/alerts.js';
export * from './schema/teams.js';
export * from './schema/channels.js';
export * from './schema/forecasts.js';
export * from './schema/settings.js';
export * from './schema/pages.js';
