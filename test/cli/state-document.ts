/** A terraform state document as terraform writes it, small enough to read in a failure message. */
export function stateDocument(serial: number, lineage = '6f1c1a52-0b7e-4d8e-9a4c-3f5a2b1c0d9e'): string {
  return `${JSON.stringify(
    {
      version: 4,
      terraform_version: '1.11.0',
      serial,
      lineage,
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'terraform_data',
          name: 'marker',
          provider: 'provider["terraform.io/builtin/terraform"]',
          instances: [{ schema_version: 0, attributes: { id: `serial-${serial}` } }],
        },
      ],
      check_results: null,
    },
    null,
    2,
  )}\n`;
}
