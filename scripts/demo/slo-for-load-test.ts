import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireFromTestWorkspace } from './test-workspace.js';

const { parse, stringify } = requireFromTestWorkspace('yaml') as {
  parse(text: string): unknown;
  stringify(value: unknown): string;
};

export const EXAMPLE_SLO_FILE = 'examples/slo/llm-platform.slo.yaml';

/** What autocannon measures: latency and failed requests, for the one URL it was pointed at. */
const MEASURABLE = new Set(['latency', 'availability', 'error-rate']);

interface SloService {
  name: string;
  match?: string;
  roleName?: string;
  objectives: { indicator: string }[];
}

/**
 * One service's objectives from the example SLO file, for a load test of that service alone.
 * autocannon's JSON is one aggregate for the whole run with no request names, so the example's
 * endpoint filters (`match`) would select nothing, and its token objectives have no data.
 */
export async function sloForLoadTest(root: string, service: string, dir: string): Promise<string> {
  const document = parse(await readFile(join(root, EXAMPLE_SLO_FILE), 'utf8')) as {
    spec: { services: SloService[] };
  };
  const chosen = document.spec.services.find((candidate) => candidate.name === service);
  if (!chosen) throw new Error(`${EXAMPLE_SLO_FILE} has no service "${service}"`);
  const { match: _match, roleName: _roleName, ...rest } = chosen;
  document.spec.services = [
    { ...rest, objectives: chosen.objectives.filter((objective) => MEASURABLE.has(objective.indicator)) },
  ];
  const file = join(dir, `${service}.slo.yaml`);
  await writeFile(
    file,
    `# The ${service} objectives of ${EXAMPLE_SLO_FILE} that one autocannon run can measure.\n${stringify(document)}`,
  );
  return file;
}
