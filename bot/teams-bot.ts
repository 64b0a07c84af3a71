/**
 * The bot's one botbuilder class: it turns Teams activities into calls to the
 * ledger's services and answers with text and cards. Parsing and cards are pure
 * (`src/`); rules are the services'.
 */
import {
  ActivityHandler,
  CardFactory,
  MessageFactory,
  TurnContext,
  type InvokeResponse,
} from 'botbuilder';
import type { Database } from '../core/services/context.js';
import { errorMessage } from '../core/i18n/error-messages.js';
import type { Actor } from '../core/domain/actor.js';
import { listInbox } from '../core/services/documents/inbox.js';
import { DECIDE_DOCUMENT, isApprovalType } from '../core/services/documents/decide-document.js';
import type { ServiceContext } from '../core/services/context.js';
import { ServiceError } from '../core/services/errors.js';
import { getBarcode } from '../core/services/items/find-items.js';
import { listStock } from '../core/services/stock/list-stock.js';
import {
  rememberConversation,
  setSubscription,
  subscriptionOf,
} from '../core/services/teams/conversations.js';
import { actorForTeams, redeemLinkCode } from '../core/services/teams/links.js';
import { createTransfer } from '../core/services/transfers/create-transfer.js';
import { acknowledgeAlert } from '../core/services/alerts/alerts.js';
import { documentCard } from './document-card.js';
import { approvalCard, stockCard, type BotLang } from './src/cards.js';
import { parseCommand } from './src/commands.js';
import { alertKindLabel, botLanguage, documentLabel, reply } from './src/i18n.js';

export interface BotDeps {
  database: Database;
  now: () => number;
}

export class InventoryBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      if (!(await this.submitted(context))) await this.answer(context);
      await next();
    });
  }

  /** Card buttons (`Action.Execute`): the answer replaces the clicked card, never a new message. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const action =
      (context.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } })
        .action ?? {};
    return cardResponse(await this.clicked(context, action.verb, action.data ?? {}));
  }

  /**
   * The `Action.Submit` fallback (clients without `Action.Execute`) arrives as a message
   * whose `value` carries the verb: the answer replaces the card it came from.
   */
  private async submitted(context: TurnContext): Promise<boolean> {
    const value = context.activity.value as { verb?: unknown } | undefined;
    if (!value || typeof value.verb !== 'string' || (context.activity.text ?? '').trim() !== '')
      return false;
    const { verb, ...data } = value as { verb: string } & Record<string, unknown>;
    const card = await this.clicked(context, verb, data);
    const attachment = CardFactory.adaptiveCard(card);
    if (context.activity.replyToId)
      await context.updateActivity({
        id: context.activity.replyToId,
        type: 'message',
        attachments: [attachment],
      });
    else await context.sendActivity(MessageFactory.attachment(attachment));
    return true;
  }

  /** What a click on Approve, Reject or Acknowledge does, as the card to show instead. */
  private async clicked(
    context: TurnContext,
    verb: string | undefined,
    data: Record<string, unknown>,
  ): Promise<unknown> {
    const lang = botLanguage(context.activity.locale);
    const actor = await actorForTeams(this.deps.database, identity(context));
    if (!actor)
      return {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: reply('notLinked', lang), wrap: true }],
      };
    const ctx = this.context(actor, context);
    try {
      if (verb === 'acknowledge') {
        const alert = await acknowledgeAlert({ ctx, id: Number(data['alertId']) });
        return {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [
            {
              type: 'TextBlock',
              text: `✅ ${alert.kind} ${alert.sku} @ ${alert.location}`,
              wrap: true,
            },
          ],
        };
      }
      const approve = verb === 'approve';
      const input = {
        version: Number(data['version']),
        comment: typeof data['comment'] === 'string' ? data['comment'] : null,
      };
      const id = Number(data['documentId']);
      const documentType = String(data['documentType']);
      if (!isApprovalType(documentType))
        throw new ServiceError('validation_failed', {
          params: { count: 1 },
          details: [{ path: 'documentType', code: 'invalid_value' }],
        });
      await DECIDE_DOCUMENT[documentType]({ ctx, id, approve, input });
      return approvalCard(await documentCard(this.deps.database, documentType, id), lang);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // A stale or refused click is answered in the clicker's card.
      return {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          {
            type: 'TextBlock',
            text: errorMessage(error.code, error.params, lang),
            wrap: true,
            color: 'Attention',
          },
        ],
      };
    }
  }

  private async answer(context: TurnContext): Promise<void> {
    const lang = botLanguage(context.activity.locale);
    const command = parseCommand(context.activity.text ?? '');
    const who = identity(context);
    if (command.kind === 'link') {
      try {
        const name = await redeemLinkCode(
          this.deps.database,
          { ...who, code: command.code },
          this.deps.now(),
        );
        await context.sendActivity(reply('linked', lang, { name }));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        await context.sendActivity(reply('badCode', lang));
      }
      return;
    }
    const actor = await actorForTeams(this.deps.database, who);
    // Approval cards go to approvers' personal chats: remember where those are,
    // whatever a linked user said there (even `help`).
    if (actor && !isGroup(context)) {
      await rememberConversation(
        this.deps.database,
        {
          conversationId: context.activity.conversation.id,
          reference: {
            ...TurnContext.getConversationReference(context.activity),
            locale: context.activity.locale,
          },
          userId: actor.id,
          isGroup: false,
        },
        this.deps.now(),
      );
    }
    if (command.kind === 'help') return void (await context.sendActivity(reply('help', lang)));
    if (command.kind === 'usage')
      return void (await context.sendActivity(reply(`usage_${command.of}`, lang)));
    if (!actor) return void (await context.sendActivity(reply('notLinked', lang)));
    const ctx = this.context(actor, context);
    try {
      await this.perform(context, ctx, command, lang);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      await context.sendActivity(errorMessage(error.code, error.params, lang));
    }
  }

  private async perform(
    context: TurnContext,
    ctx: ServiceContext,
    command: ReturnType<typeof parseCommand>,
    lang: BotLang,
  ): Promise<void> {
    switch (command.kind) {
      case 'stock': {
        const sku = /^\d{8,14}$/.test(command.code)
          ? (await getBarcode({ ctx, code: command.code })).sku
          : command.code;
        const page = await listStock({
          ctx,
          input: {
            sku,
            ...(command.location ? { location: command.location } : {}),
            limit: 100,
            withItem: 'false',
            belowMin: 'false',
          },
        });
        await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(stockCard(sku, page.items, lang))),
        );
        return;
      }
      case 'pending': {
        const items = await listInbox({ ctx, input: { mine: 'true' } });
        await context.sendActivity(
          items.length === 0
            ? reply('noPending', lang)
            : items
                .map((i) =>
                  reply('pendingLine', lang, {
                    documentType: documentLabel(i.documentType, lang),
                    documentId: i.documentId,
                    quantity: i.quantity,
                    requestedBy: i.requestedBy,
                    value: i.value.toFixed(2),
                  }),
                )
                .join('\n'),
        );
        return;
      }
      case 'transfer': {
        const t = await createTransfer({
          ctx,
          input: {
            from: command.from,
            to: command.to,
            lines: [{ sku: command.sku, quantity: command.quantity }],
            submit: true,
          },
        });
        await context.sendActivity(reply('transferCreated', lang, { id: t.id, status: t.status }));
        return;
      }
      case 'subscribe':
      case 'unsubscribe': {
        if (!isGroup(context)) return void (await context.sendActivity(reply('groupOnly', lang)));
        const conversationId = context.activity.conversation.id;
        await rememberConversation(
          this.deps.database,
          {
            conversationId,
            reference: {
              ...TurnContext.getConversationReference(context.activity),
              locale: context.activity.locale,
            },
            userId: null,
            isGroup: true,
          },
          this.deps.now(),
        );
        const kinds = command.kind === 'subscribe' ? command.alertKinds : [];
        await setSubscription(
          this.deps.database,
          conversationId,
          command.kind === 'subscribe',
          command.locations,
          kinds,
        );
        await context.sendActivity(
          command.kind === 'subscribe'
            ? subscribedText(command.locations, kinds, lang)
            : reply('unsubscribed', lang),
        );
        return;
      }
      case 'subscriptions': {
        const sub = await subscriptionOf(this.deps.database, context.activity.conversation.id);
        await context.sendActivity(
          sub.subscribed
            ? subscribedText(sub.locations ?? [], sub.alertKinds ?? [], lang)
            : reply('notSubscribed', lang),
        );
        return;
      }
      default:
        await context.sendActivity(
          reply('unknown', lang, { text: command.kind === 'unknown' ? command.text : '' }),
        );
    }
  }

  private context(actor: Actor, context: TurnContext): ServiceContext {
    return {
      database: this.deps.database,
      actor,
      requestId: context.activity.id ?? 'bot',
      client: 'bot',
      now: this.deps.now,
    };
  }
}

function isGroup(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === 'groupChat' || type === 'channel';
}

/** "…stock alerts for S1, S2." with the chosen kinds, if any, in brackets. */
function subscribedText(locations: string[], kinds: string[], lang: BotLang): string {
  const text = reply('subscribed', lang, {
    locations: locations.join(', ') || reply('everywhere', lang),
  });
  if (kinds.length === 0) return text;
  const labels = kinds.map((k) => alertKindLabel(k, lang));
  const bracketed = lang === 'zh-CN' ? `（${labels.join('、')}）` : ` (${labels.join(', ')})`;
  return `${text.slice(0, -1)}${bracketed}${text.slice(-1)}`;
}

function identity(context: TurnContext) {
  const a = context.activity;
  const tenantId =
    a.conversation?.tenantId ??
    (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
    'none';
  return { tenantId, aadObjectId: a.from?.aadObjectId ?? a.from?.id ?? '' };
}

function cardResponse(card: unknown): InvokeResponse {
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
  };
}
