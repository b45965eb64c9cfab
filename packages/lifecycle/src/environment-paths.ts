import { dirname, resolve } from 'node:path';
import type { Catalog, EnvironmentSpec } from '@terrarium/core';

/** The root module to run: the `working-directory` input when given, else the catalog's. */
export function rootModuleOf(catalog: Catalog, workingDirectory?: string | undefined): string {
  if (workingDirectory?.trim()) return resolve(workingDirectory);
  return resolve(dirname(catalog.file), catalog.terraform.rootModule);
}

/** The environment's var files, which the catalog names relative to itself. */
export function varFilesOf(catalog: Catalog, spec: EnvironmentSpec): string[] {
  return spec.varFiles.map((file) => resolve(dirname(catalog.file), file));
}
