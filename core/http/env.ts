import type { Actor, Client } from '../domain/actor.js';
import type { Lang } from '../i18n/language.js';
import type { Logger } from '../observability/logger.js';

/** What middleware puts on each request for the routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
    client: Client;
    actor: Actor;
    /** The route pattern that answered, for metrics (`/movements/:id/reverse`). */
    route: string;
    log: Logger;
  };
}
