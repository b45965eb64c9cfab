// `pnpm demo`: plays Terrarium's flows on the embedded default (see scripts/demo/run-demo.ts).
import { fileURLToPath } from 'node:url';
import { runDemo } from './demo/run-demo.js';

process.exitCode = await runDemo(fileURLToPath(new URL('..', import.meta.url)));
