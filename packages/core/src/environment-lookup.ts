import type { Catalog, EnvironmentSpec } from './catalog-types.js';
import { didYouMean } from './did-you-mean.js';
import { ConfigurationError } from './errors.js';

/** The named environment; an unknown name lists the ones the catalog declares. */
export function getEnvironment(catalog: Catalog, name: string): EnvironmentSpec {
  const found = catalog.environments.find((env) => env.name === name);
  if (found) return found;
  const names = catalog.environments.map((env) => env.name);
  const shown = JSON.stringify(String(name).slice(0, 60));
  throw new ConfigurationError(
    `unknown environment ${shown}; ${catalog.file} declares ${names.join(', ')}.${didYouMean(String(name), names)}`,
  );
}
