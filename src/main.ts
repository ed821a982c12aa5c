#!/usr/bin/env node
/**
 * streamward command-line entry point (package.json `bin`). Commands live in src/cli/; this file
 * only wires them to the real process. It never calls process.exit, so a running gateway keeps
 * the process alive until it closes its sockets.
 */
import { main } from './cli/dispatch.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
