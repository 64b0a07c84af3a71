/**
 * The bot's composition root: botbuilder's CloudAdapter behind `POST /api/messages`
 * of the service's own Hono app, through a small request/response shim.
 *
 * With `MicrosoftAppId` set, every inbound activity's JWT is validated by botbuilder
 * (no token: 401). Without one the bot runs in local development mode only: it
 * refuses to start when NODE_ENV=production, and it only talks to `serviceUrl`s on
 * loopback (otherwise anyone could make the server call any address).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Request,
  type Response,
} from 'botbuilder';
import type { Hono } from 'hono';
import { InventoryBot, type BotDeps } from './teams-bot.js';

export interface BotConfig {
  appId?: string | undefined;
  appPassword?: string | undefined;
  appType?: string | undefined;
  appTenantId?: string | undefined;
  /** Only these tenants may talk to the bot (empty: any). */
  allowedTenants?: string[] | undefined;
  production: boolean;
}

export function botConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BotConfig {
  return {
    appId: env['MicrosoftAppId'] || undefined,
    appPassword: env['MicrosoftAppPassword'] || undefined,
    appType: env['MicrosoftAppType'] || undefined,
    appTenantId: env['MicrosoftAppTenantId'] || undefined,
    allowedTenants: env['BOT_ALLOWED_TENANTS']
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    production: env['NODE_ENV'] === 'production',
  };
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

// The Hono app's own variables do not matter here.
export function mountBot(
  // biome-ignore lint/suspicious/noExplicitAny: the Hono app's own variables do not matter here
  app: Hono<any>,
  deps: BotDeps,
  config: BotConfig,
): { adapter: CloudAdapter; appId: string } {
  if (!config.appId && config.production) {
    throw new Error(
      'MicrosoftAppId is not set: the Teams bot runs without authentication only outside production (NODE_ENV=production)',
    );
  }
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.appType ?? (config.appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: config.appTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    console.error('bot turn failed', error);
    // Only a user's own turn is answered; proactive turns report to their caller.
    if (context.activity.type === 'message')
      await context.sendActivity('Something went wrong / 出错了').catch(() => undefined);
  };
  const bot = new InventoryBot(deps);

  app.post('/api/messages', async (c) => {
    c.set('route', '/api/messages');
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ error: { code: 'invalid_json', message: 'The activity is not JSON.' } }, 400);
    }
    if (!config.appId && !LOOPBACK.test(String(body['serviceUrl'] ?? ''))) {
      return c.json(
        {
          error: {
            code: 'forbidden',
            message: 'In development mode the bot only answers loopback serviceUrls.',
          },
        },
        403,
      );
    }
    const tenant =
      (body['conversation'] as { tenantId?: string } | undefined)?.tenantId ??
      (body['channelData'] as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (config.allowedTenants?.length && !config.allowedTenants.includes(tenant ?? '')) {
      return c.json(
        { error: { code: 'forbidden', message: 'This tenant may not use the bot.' } },
        403,
      );
    }
    const captured: { status: number; headers: Record<string, string>; body: unknown } = {
      status: 200,
      headers: {},
      body: undefined,
    };
    const res: Response = {
      socket: undefined,
      status(code: number) {
        captured.status = code;
        return this;
      },
      header(name: string, value: unknown) {
        captured.headers[name] = String(value);
        return this;
      },
      send(payload?: unknown) {
        if (payload !== undefined) captured.body = payload;
        return this;
      },
      end() {
        return this;
      },
    };
    const req: Request = { body, headers: Object.fromEntries(c.req.raw.headers), method: 'POST' };
    await adapter.process(req, res, (context) => bot.run(context));
    const status = captured.status as 200;
    return captured.body === undefined
      ? c.body(null, status)
      : c.json(captured.body as object, status);
  });
  return { adapter, appId: config.appId ?? '' };
}
