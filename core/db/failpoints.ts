/**
 * Failpoints let crash tests stop the service at a chosen point inside a write
 * transaction, the way databases test their own crash safety. Off unless the
 * environment names one: `INVENTORY_FAILPOINT=ledger.flush:500` pauses 500 ms there.
 * Production never sets it; the cost when off is one property read.
 */
const configured = parse(process.env['INVENTORY_FAILPOINT']);

function parse(spec: string | undefined): { name: string; pauseMs: number } | undefined {
  if (!spec) return undefined;
  const [name = '', ms = '0'] = spec.split(':');
  return { name, pauseMs: Number(ms) || 0 };
}

export async function failpoint(name: string): Promise<void> {
  if (configured?.name !== name) return;
  console.error(`failpoint ${name} reached; pausing ${configured.pauseMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, configured.pauseMs));
}
