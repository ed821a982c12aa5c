/**
 * The command table. Adding a command = one file in src/cli/ exporting a `Command`, plus one line
 * here.
 */
import type { Command } from './command.js';
import { runCommand } from './run.js';
import { checkCommand } from './check.js';
import { certsCommand } from './certs.js';
import { demoCommand } from './demo/command.js';
import { usersCommand } from './users.js';
import { aclCommand } from './acl.js';

export const COMMANDS: readonly Command[] = [runCommand, checkCommand, certsCommand, demoCommand, usersCommand, aclCommand];
