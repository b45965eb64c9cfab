import { randomUUID } from 'node:crypto';
import { type ArmFake, armError } from './arm-fake.js';

/** api-version values of Microsoft.Resources the fake serves (@azure/arm-resources 7 sends 2025-04-01). */
export const RESOURCES_API_VERSIONS = ['2021-04-01', '2022-09-01', '2024-03-01', '2025-04-01'];

export interface FakeResourceGroup {
  name: string;
  location: string;
  tags: Record<string, string>;
}

/**
 * Resource group routes for the ARM fake, shaped as the Resource Groups REST reference has them:
 * a list that honours `$filter=tagName eq '<name>'` and pages with `nextLink`, and a delete that
 * answers 202 with a Location to poll (202 while deleting, then 200), as ARM's long-running
 * operations do.
 */
export function addResourceGroupRoutes(
  fake: ArmFake,
  options: { pageSize?: number; pollsBeforeDone?: number } = {},
) {
  const groups = new Map<string, FakeResourceGroup>();
  const operations = new Map<string, { name: string; polls: number }>();
  const pageSize = options.pageSize ?? 100;
  const view = (group: FakeResourceGroup) => ({
    id: `/subscriptions/${fake.subscriptionId}/resourceGroups/${group.name}`,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    tags: group.tags,
    properties: { provisioningState: 'Succeeded' },
  });

  fake.addRoute({
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/resourcegroups',
    apiVersions: RESOURCES_API_VERSIONS,
    handle: ({ request }) => {
      const filter = request.query.$filter;
      let selected = [...groups.values()];
      if (filter !== undefined) {
        const match = /^tagName eq '((?:[^']|'')+)'$/.exec(filter);
        if (!match)
          return armError(
            400,
            'InvalidFilterInQueryString',
            `Invalid $filter '${filter}' specified in the query string.`,
          );
        const tag = (match[1] as string).replace(/''/g, "'");
        selected = selected.filter((group) => tag in group.tags);
      }
      const skip = Number(request.query.$skiptoken ?? '0');
      const page = selected.slice(skip, skip + pageSize);
      const next = skip + pageSize < selected.length;
      const query = new URLSearchParams({ ...request.query, $skiptoken: String(skip + pageSize) });
      return {
        status: 200,
        body: {
          value: page.map(view),
          ...(next ? { nextLink: `${fake.url}${request.path}?${query}` } : {}),
        },
      };
    },
  });

  fake.addRoute({
    method: 'DELETE',
    path: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
    apiVersions: RESOURCES_API_VERSIONS,
    handle: ({ params, request }) => {
      const name = params.resourceGroupName as string;
      if (!groups.has(name.toLowerCase()))
        return armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
      const id = randomUUID();
      operations.set(id, { name: name.toLowerCase(), polls: options.pollsBeforeDone ?? 1 });
      return {
        status: 202,
        headers: {
          location: `${fake.url}/subscriptions/${fake.subscriptionId}/operationresults/${id}?api-version=${request.apiVersion}`,
          'retry-after': '0',
        },
      };
    },
  });

  fake.addRoute({
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/operationresults/{operationId}',
    apiVersions: RESOURCES_API_VERSIONS,
    handle: ({ params }) => {
      const operation = operations.get(params.operationId as string);
      if (!operation) return armError(404, 'NotFound', 'The operation was not found.');
      if (operation.polls > 0) {
        operation.polls -= 1;
        return { status: 202, headers: { 'retry-after': '0' } };
      }
      groups.delete(operation.name);
      return { status: 200 };
    },
  });

  return {
    groups,
    add(name: string, tags: Record<string, string>, location = 'westeurope') {
      groups.set(name.toLowerCase(), { name, location, tags });
    },
  };
}
