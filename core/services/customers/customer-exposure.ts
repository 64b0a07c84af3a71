import { reader, type ServiceContext } from '../context.js';
import { exposureOf, type ExposureDto } from './customer-record.js';

/** What a customer owes and has on order, against their limit. */
export async function customerExposure({
  ctx,
  code,
}: {
  ctx: ServiceContext;
  code: string;
}): Promise<ExposureDto> {
  return exposureOf(reader(ctx), code, ctx.now());
}
