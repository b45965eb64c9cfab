import { type Catalog, loadCatalog } from '@terrarium/core';

/** The catalog named by --config; a missing or bad file is a ConfigurationError from core. */
export async function readCatalog(file: string): Promise<Catalog> {
  return await loadCatalog(file);
}
