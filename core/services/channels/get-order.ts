import { reader, type ServiceContext } from '../context.js';
import { orderOf, toChannelOrderDto, type ChannelOrderDto } from './order-record.js';

export async function getOrder({
  ctx,
  code,
  orderId,
}: {
  ctx: ServiceContext;
  code: string;
  orderId: string;
}): Promise<ChannelOrderDto> {
  const q = reader(ctx);
  const { channel, order } = await orderOf(q, code, orderId);
  return toChannelOrderDto(q, channel, order, false);
}
