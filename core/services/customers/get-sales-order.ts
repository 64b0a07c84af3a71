import { loadSalesOrder, toSalesOrderDto, type SalesOrderDto } from './sales-order-record.js';
import { reader, type ServiceContext } from '../context.js';

export async function getSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return toSalesOrderDto(await loadSalesOrder(reader(ctx), id));
}
