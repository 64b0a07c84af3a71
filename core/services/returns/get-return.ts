import { reader, type ServiceContext } from '../context.js';
import { loadReturn, type ReturnDto } from './return-record.js';

export async function getReturn({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<ReturnDto> {
  return loadReturn(reader(ctx), id);
}
