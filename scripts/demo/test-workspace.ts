import { createRequire } from 'node:module';

/**
 * The demo's load-test and YAML libraries are dependencies of the `test` workspace package (where
 * the harness it shares with the end-to-end tests lives), not of the root: resolve them from there.
 */
export const requireFromTestWorkspace = createRequire(new URL('../../test/package.json', import.meta.url));
