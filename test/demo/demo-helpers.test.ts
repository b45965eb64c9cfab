import { describe, expect, it } from 'vitest';
import { evaluateDefault } from '../../scripts/demo/action-metadata.js';
import { parseGitHubOutputFile } from '../../scripts/demo/github-output-file.js';
import { markdownTables } from '../../scripts/demo/markdown-tables.js';
import { createRedactor } from '../../scripts/demo/redactor.js';
import { readWorkflowCommands } from '../../scripts/demo/workflow-commands.js';

describe('the demo playing the runner', () => {
  it('reads GITHUB_OUTPUT as the runner does: heredoc blocks and name=value lines', () => {
    const file = [
      'env-id<<ghadelimiter_1',
      'feat-pr-42',
      'ghadelimiter_1',
      'outputs-json<<ghadelimiter_2',
      '{"a":1}',
      'line two',
      'ghadelimiter_2',
      'failure-reason<<ghadelimiter_3',
      '',
      'ghadelimiter_3',
      'legacy=x=y',
      '',
    ].join('\n');
    expect(parseGitHubOutputFile(file)).toEqual({
      'env-id': 'feat-pr-42',
      'outputs-json': '{"a":1}\nline two',
      'failure-reason': '',
      legacy: 'x=y',
    });
    expect(() => parseGitHubOutputFile('name<<EOF\nvalue\n')).toThrow('unterminated value for "name"');
  });

  it('separates workflow commands from the log and unescapes their data', () => {
    const log = readWorkflowCommands(
      [
        '::add-mask::s3cr3t-value',
        '::debug::hidden',
        'Provisioning feat-pr-42',
        '::error::stg needs confirm%0Aset it to "stg"',
        '::warning file=a.ts,line=1::careful 100%25',
        '::group::terraform plan',
        '::endgroup::',
      ].join('\n'),
    );
    expect(log.masks).toEqual(['s3cr3t-value']);
    expect(log.errors).toEqual(['stg needs confirm\nset it to "stg"']);
    expect(log.warnings).toEqual(['careful 100%']);
    expect(log.lines).toEqual([
      'Provisioning feat-pr-42',
      'Error: stg needs confirm\nset it to "stg"',
      'Warning: careful 100%',
      'terraform plan',
    ]);
  });

  it('hides every registered secret, the longest first, and ignores values too short to be one', () => {
    const redactor = createRedactor();
    redactor.add('key123==');
    redactor.add('AccountName=a;AccountKey=key123==;');
    redactor.add('abc');
    redactor.add(undefined);
    expect(redactor.redact('cs AccountName=a;AccountKey=key123==; and key123== abc')).toBe(
      'cs *** and *** abc',
    );
  });

  it('fills action.yml defaults from the contexts it knows and refuses the others', () => {
    expect(evaluateDefault(`\${{ github.token }}`, { 'github.token': 't0k3n' })).toBe('t0k3n');
    expect(evaluateDefault('environments.yaml', {})).toBe('environments.yaml');
    expect(() => evaluateDefault(`\${{ secrets.X }}`, {})).toThrow(`cannot evaluate \${{ secrets.X }}`);
  });

  it('finds Markdown and HTML tables in a job summary', () => {
    const summary = [
      '## SLO report',
      '| Service | Status |',
      '| --- | --- |',
      '| llm-chat | ✅ met |',
      '',
      '<table><tr><th>Setting</th><th>Value</th></tr><tr><td>Env</td><td>feat-pr-42</td></tr></table>',
    ].join('\n');
    expect(markdownTables(summary)).toEqual([
      '| Service | Status |\n| --- | --- |\n| llm-chat | ✅ met |',
      'Setting  Value\nEnv      feat-pr-42',
    ]);
  });
});
