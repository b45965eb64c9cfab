import { StorageManagementClient } from '@azure/arm-storage';
import type { AzureClients } from '@terrarium/cli';
import { armResourceGroups } from '@terrarium/runtime';
import { createLogsQueryClient } from '@terrarium/slo';
import { type ArmFake, armClientOptions, fakeCredential } from '../harness/arm-fake.js';
import type { LogAnalyticsFake } from '../harness/log-analytics-fake.js';

/**
 * The CLI's Azure clients pointed at the loopback fakes a test started; a client whose fake was
 * not started fails the test, so no command reaches for real Azure unnoticed.
 */
export function fakeAzureClients(fakes: { arm?: ArmFake; logs?: LogAnalyticsFake }): AzureClients {
  const { arm, logs } = fakes;
  const missing = (what: string) => new Error(`this test started no ${what} fake`);
  return {
    storageManagement(subscription) {
      if (!arm) throw missing('ARM');
      return new StorageManagementClient(fakeCredential, subscription, armClientOptions(arm));
    },
    resourceGroups(subscription) {
      if (!arm) throw missing('ARM');
      return armResourceGroups(fakeCredential, subscription, armClientOptions(arm));
    },
    logsQuery(endpoint) {
      if (!logs) throw missing('Log Analytics');
      // The fake stands where the endpoint would be; a sovereign endpoint is asked for by name.
      if (endpoint && endpoint !== logs.endpoint)
        throw new Error(`unexpected Log Analytics endpoint ${endpoint}`);
      return createLogsQueryClient(fakeCredential, {
        endpoint: logs.endpoint,
        tlsOptions: { ca: logs.caCertPem },
        retryOptions: { maxRetries: 0 },
      });
    },
  };
}
