import { spawn } from 'node:child_process';

/**
 * `terraform show -json <plan>`, parsed. @terrarium/terraform's showPlan returns only the
 * summary, and the reviewed-plan hash needs the attribute values, so this reads the JSON
 * itself: same binary and environment, an argument array, no shell. Its stdout holds
 * sensitive values in plain text and is never logged.
 */
export function readPlanJson(options: {
  binary: string;
  workingDirectory: string;
  env: NodeJS.ProcessEnv;
  planFile: string;
}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, ['show', '-json', '-no-color', options.planFile], {
      cwd: options.workingDirectory,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(
            `terraform show -json failed with exit code ${code}: ${err.trim().split('\n').slice(-5).join('\n')}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')));
      } catch {
        reject(new Error('terraform show -json did not print valid JSON'));
      }
    });
  });
}
