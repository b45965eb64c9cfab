import { ConfigurationError, type Logger } from '@terrarium/core';
import {
  type AggregateSample,
  type RequestSample,
  type SampleBatches,
  type SliFormat,
  type SliInput,
  sampleBatches,
} from '../sli-types.js';
import { readAutocannonJson } from './autocannon-json.js';
import { detectFormat } from './detect-format.js';
import { readJmeterCsv } from './jmeter-csv.js';
import { readK6JsonLines } from './k6-json-lines.js';
import { readK6Summary } from './k6-summary.js';
import { readRequestCsv, readRequestJsonLines } from './request-lines.js';

export type FileFormat = Exclude<SliFormat, 'app-insights'>;
/** The formats a person may name (`format` input, `--format`); `auto` finds each of them too. */
export const FILE_FORMATS: readonly FileFormat[] = ['k6', 'k6-json', 'jmeter', 'autocannon', 'jsonl', 'csv'];

/**
 * Reads one or more result files of one format into the normalised form. With `auto` the format
 * is detected from the first file's content, and the logger says which was chosen.
 */
export async function readResults(
  files: string[],
  format: FileFormat | 'auto',
  logger: Logger,
): Promise<SliInput> {
  const first = files[0];
  if (first === undefined)
    throw new ConfigurationError('no results files given; set results to a path or glob');
  let chosen: FileFormat;
  if (format === 'auto') {
    chosen = (await detectFormat(first)) as FileFormat;
    logger.info(`Results format: detected ${chosen} from ${first}`);
  } else chosen = format;
  const origin = files.join(', ');
  if (chosen === 'k6' || chosen === 'autocannon') {
    const aggregates: AggregateSample[] = [];
    for (const file of files) {
      aggregates.push(...(chosen === 'k6' ? await readK6Summary(file) : await readAutocannonJson(file)));
    }
    return { kind: 'aggregates', format: chosen, origin, aggregates };
  }
  const readers: Record<'jmeter' | 'jsonl' | 'csv' | 'k6-json', (file: string) => SampleBatches> = {
    jmeter: readJmeterCsv,
    jsonl: readRequestJsonLines,
    csv: readRequestCsv,
    'k6-json': readK6JsonLines,
  };
  const read = readers[chosen];
  async function* batches(): AsyncGenerator<readonly RequestSample[]> {
    for (const file of files) {
      let count = 0;
      for await (const batch of read(file).batches()) {
        count += batch.length;
        yield batch;
      }
      // A header and nothing else: the load test wrote its file but sent no requests (or none finished).
      if (count === 0) {
        logger.warning(
          chosen === 'k6-json'
            ? `${file}: has no http_req_duration points; did the load test send requests?`
            : `${file}: has no requests in it (a header only); did the load test run?`,
        );
      }
    }
  }
  return { kind: 'samples', format: chosen, origin, samples: sampleBatches(batches) };
}
