import type { Catalog } from './catalog-types.js';
import { ConfigurationError } from './errors.js';

export interface SubscriptionRequest {
  /** What wants the subscription, for the message when there is none (`policy --apply`). */
  purpose: string;
  /** The value given for this call, and the flag it came from (named in the message). */
  given?: string | undefined;
  flag?: string | undefined;
}

/**
 * The Azure subscription a management call goes to: the one given for this call, then the
 * catalog's `backend.subscription-id`, then what azure/login and terraform export. A call that
 * needs one and finds none is refused with where to set it.
 */
export function subscriptionFor(
  catalog: Pick<Catalog, 'backend'>,
  env: Record<string, string | undefined>,
  request: SubscriptionRequest,
): string {
  const found =
    request.given || catalog.backend.subscriptionId || env.AZURE_SUBSCRIPTION_ID || env.ARM_SUBSCRIPTION_ID;
  if (!found) {
    const places = [
      ...(request.flag ? [`pass ${request.flag}`] : []),
      'set backend.subscription-id in the catalog',
      'set AZURE_SUBSCRIPTION_ID',
    ];
    throw new ConfigurationError(
      `${request.purpose} needs an Azure subscription: ${places.slice(0, -1).join(', ')} or ${places.at(-1)}`,
    );
  }
  return found;
}
