import { type RequestSample, type SampleBatches, sampleBatches } from '../sli-types.js';
import { csvRecords } from './csv-records.js';
import { parseNumber, parseStatus, parseSuccess, parseTimestamp } from './parse-fields.js';

export const JMETER_EXPECTED =
  'a JMeter CSV results file (header timeStamp,elapsed,label,responseCode,...,success,..., as Azure Load Testing writes it)';

const BATCH = 4096;

/** JMeter's CSV results (what Azure Load Testing produces), streamed line by line. */
export function readJmeterCsv(file: string): SampleBatches {
  return sampleBatches(async function* () {
    let batch: RequestSample[] = [];
    for await (const { line, fields } of csvRecords(
      file,
      ['timeStamp', 'elapsed', 'label', 'success'],
      JMETER_EXPECTED,
    )) {
      const where = { file, line };
      batch.push({
        kind: 'request',
        timestamp: parseTimestamp(fields.timeStamp, where, 'timeStamp'),
        durationMs: parseNumber(fields.elapsed, where, 'elapsed', true),
        success: parseSuccess(fields.success, fields.responseCode, where),
        status: parseStatus(fields.responseCode),
        weight: 1,
        name: fields.label,
        url: fields.URL || undefined,
        role: undefined,
        ttftMs: undefined,
        tokens: undefined,
      });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  });
}
