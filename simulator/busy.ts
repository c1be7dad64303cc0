// Reading customer-busy=busy-521: "Multiple actions are running for the same customer" (global
// v2 HTTP status 521, FACTS.md). The host holds each customer for a few ms while it issues or
// redeems; a second request for that customer in that window answers 521.
import { HTTP_MESSAGES } from './codes.ts';
import type { HandlerContext } from './context.ts';
import { type Answer, failure } from './http.ts';

/** How long an issue or redemption holds its customer under busy-521. */
export const BUSY_HOLD_MS = 15;

export async function oneActionPerCustomer(ctx: HandlerContext, customerId: number, act: () => Answer | Promise<Answer>): Promise<Answer> {
  if (!ctx.readings.is('customer-busy', 'busy-521')) return act();
  const busy = ctx.state.busyCustomers;
  if (busy.has(customerId)) return failure(521, 521, HTTP_MESSAGES[521]);
  busy.add(customerId);
  try {
    await ctx.sleep(BUSY_HOLD_MS);
    return await act();
  } finally {
    busy.delete(customerId);
  }
}
