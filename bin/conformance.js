#!/usr/bin/env node
// Launcher: registers tsx so the TypeScript sources (and the mocha specs) run as they are,
// runs the suite, and exits with its code even if a hostile host left a socket open.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exit(await main(process.argv));
