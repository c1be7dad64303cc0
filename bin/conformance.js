#!/usr/bin/env node
// Launcher and composition root: registers tsx so the TypeScript sources (and the specs) run
// as they are, hands the CLI the embedded reference host (simulator/, which src/ does not
// import), and exits with the run's code even if a hostile host left a socket open.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
const startHost = async (options) => (await import('../simulator/index.ts')).startSimulator(options);
process.exit(await main(process.argv, { startHost }));
