import { describe, expect, it } from 'vitest';
import { evaluateDefault } from './action-metadata.js';
import { parseGitHubOutputFile } from './github-output-file.js';
import { readWorkflowCommands } from './workflow-commands.js';

describe('what a runner reads from a step', () => {
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

  it('fills action.yml defaults from the contexts it knows and refuses the others', () => {
    expect(evaluateDefault(`\${{ github.token }}`, { 'github.token': 't0k3n' })).toBe('t0k3n');
    expect(evaluateDefault('environments.yaml', {})).toBe('environments.yaml');
    expect(() => evaluateDefault(`\${{ secrets.X }}`, {})).toThrow(`cannot evaluate \${{ secrets.X }}`);
  });
});
