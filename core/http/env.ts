import type { Actor, Client } from '../domain/actor.js';
import type { Lang } from '../i18n/language.js';

/** What middleware puts on each request for the routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
    client: Client;
    actor: Actor;
  };
}
