import type { Terminal } from '@terrarium/cli';

/** A Terminal for in-process runs: keeps what was written and answers questions from a script. */
export interface RecordingTerminal extends Terminal {
  stdout: string;
  stderr: string;
  questions: string[];
}

export function recordingTerminal(options: {
  interactive: boolean;
  answers?: string[];
  stderrIsTTY?: boolean;
}): RecordingTerminal {
  const answers = [...(options.answers ?? [])];
  const terminal: RecordingTerminal = {
    stdout: '',
    stderr: '',
    questions: [],
    interactive: options.interactive,
    stderrIsTTY: options.stderrIsTTY ?? false,
    out: (text) => {
      terminal.stdout += text;
    },
    err: (text) => {
      terminal.stderr += text;
    },
    question: async (prompt) => {
      terminal.questions.push(prompt);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${prompt}`);
      return answer;
    },
  };
  return terminal;
}
