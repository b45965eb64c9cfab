import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const terraformEnv = {
  ...process.env,
  TF_CLI_CONFIG_FILE: '/dev/null',
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
};

/**
 * A root module that calls one provider-free module with the given arguments (JSON syntax, so
 * unset arguments keep the module's defaults), applied for real to read its outputs.
 */
export class ModuleRunner {
  private dir = '';
  constructor(private readonly source: string) {}

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'terrarium-module-'));
    await this.write({});
    await run('terraform', ['init', '-input=false', '-no-color'], { cwd: this.dir, env: terraformEnv });
  }

  async stop(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private write(args: Record<string, unknown>): Promise<void> {
    const root = {
      module: { subject: { source: this.source, ...args } },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a terraform interpolation, not a JS template
      output: { subject: { value: '${module.subject}' } },
    };
    return writeFile(join(this.dir, 'main.tf.json'), JSON.stringify(root, null, 2));
  }

  async evaluate<T>(args: Record<string, unknown>): Promise<{ value?: T; error?: string }> {
    await this.write(args);
    try {
      await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
        cwd: this.dir,
        env: terraformEnv,
      });
    } catch (error) {
      const failure = error as { stderr?: string; stdout?: string };
      return { error: `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`.replace(/[\s│]+/g, ' ') };
    }
    const { stdout } = await run('terraform', ['output', '-json', 'subject'], {
      cwd: this.dir,
      env: terraformEnv,
    });
    return { value: JSON.parse(stdout) as T };
  }
}
