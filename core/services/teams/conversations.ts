import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { teamsConversations } from '../../db/schema.js';

/** Keeps the latest reference of a conversation the bot heard from (any process can then write to it). */
export async function rememberConversation(
  database: Database,
  c: { conversationId: string; reference: unknown; userId: number | null; isGroup: boolean },
  now: number,
): Promise<void> {
  await database.write(async (tx) => {
    await tx
      .insert(teamsConversations)
      .values({
        conversationId: c.conversationId,
        reference: JSON.stringify(c.reference),
        userId: c.userId,
        isGroup: c.isGroup,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: teamsConversations.conversationId,
        set: {
          reference: JSON.stringify(c.reference),
          ...(c.isGroup ? {} : { userId: c.userId }),
          updatedAt: now,
        },
      });
  });
}

/** `subscribe [locations…]` / `unsubscribe` in a group chat or channel. */
export async function setSubscription(
  database: Database,
  conversationId: string,
  subscribed: boolean,
  locations: string[],
  alertKinds: string[] = [],
): Promise<void> {
  await database.write(async (tx) => {
    await tx
      .update(teamsConversations)
      .set({
        subscribed,
        locations: subscribed && locations.length > 0 ? JSON.stringify(locations) : null,
        alertKinds: subscribed && alertKinds.length > 0 ? JSON.stringify(alertKinds) : null,
      })
      .where(eq(teamsConversations.conversationId, conversationId));
  });
}

export async function subscriptionOf(
  database: Database,
  conversationId: string,
): Promise<{ subscribed: boolean; locations: string[] | null; alertKinds: string[] | null }> {
  const [row] = await database.db
    .select({
      subscribed: teamsConversations.subscribed,
      locations: teamsConversations.locations,
      alertKinds: teamsConversations.alertKinds,
    })
    .from(teamsConversations)
    .where(and(eq(teamsConversations.conversationId, conversationId)));
  return {
    subscribed: row?.subscribed ?? false,
    locations: row?.locations ? (JSON.parse(row.locations) as string[]) : null,
    alertKinds: row?.alertKinds ? (JSON.parse(row.alertKinds) as string[]) : null,
  };
}
