#!/usr/bin/env node
// Launcher: registers tsx so the TypeScript sources (and the mocha specs) run as they are.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
