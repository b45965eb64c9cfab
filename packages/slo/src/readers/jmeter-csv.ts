import type { RequestSample } from '../sli-types.js';
import { csvRecords } from './csv-records.js';
import { parseNumber, parseSuccess, parseTimestamp } from './parse-fields.js';

export const JMETER_EXPECTED =
  'a JMeter CSV results file (header timeStamp,elapsed,label,responseCode,...,success,..., as Azure Load Testing writes it)';

/** JMeter's CSV results (what Azure Load Testing produces), streamed line by line. */
export async function* readJmeterCsv(file: string): AsyncGenerator<RequestSample> {
  for await (const { line, fields } of csvRecords(
    file,
    ['timeStamp', 'elapsed', 'label', 'success'],
    JMETER_EXPECTED,
  )) {
    const where = { file, line };
    yield {
      timestamp: parseTimestamp(fields.timeStamp, where, 'timeStamp'),
      durationMs: parseNumber(fields.elapsed, where, 'elapsed', true),
      success: parseSuccess(fields.success, fields.responseCode, where),
      name: fields.label,
      url: fields.URL || undefined,
      role: undefined,
      ttftMs: undefined,
      tokens: undefined,
    };
  }
}
