/** One entry of `terraform output -json`. */
export interface TerraformOutput {
  value: unknown;
  sensitive: boolean;
  type: unknown;
}

export type TerraformOutputs = Record<string, TerraformOutput>;

export function parseOutputs(json: unknown): TerraformOutputs {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new TypeError('`terraform output -json` did not print a JSON object');
  const outputs: TerraformOutputs = {};
  for (const [name, entry] of Object.entries(json as Record<string, Partial<TerraformOutput>>)) {
    outputs[name] = { value: entry.value, sensitive: entry.sensitive === true, type: entry.type };
  }
  return outputs;
}

/** The values that may be shown, logged or written to a PR comment: sensitive ones are left out. */
export function nonSensitiveOutputValues(outputs: TerraformOutputs): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(outputs)) if (!output.sensitive) values[name] = output.value;
  return values;
}
