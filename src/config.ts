/**
 * The gateway's configuration: one public entry point for loading, validating, printing and
 * building configs. The pieces live in src/config/:
 *   types.ts     the resolved, typed Config
 *   parse.ts     the pipeline (YAML + lines → ${VAR} → schema → normalize → checks)
 *   schema.ts    the JSON schema; validate-schema.ts turns ajv errors into plain words
 *   units.ts     durations, sizes, host:port, port ranges
 *   checks.ts, ports.ts, files.ts   semantic, port-overlap and file checks
 *   print.ts     the file shape with defaults and masked secrets (`streamward check`)
 *   demo.ts      the built-in demo config
 */
export type * from './config/types.js';
export { loadConfig, parseConfig, type ParseOptions } from './config/parse.js';
export { ConfigError, formatFieldPath, type ConfigProblem } from './config/problems.js';
export { maskSecrets, formatConfig, toFileShape, MASK } from './config/print.js';
export { demoConfig, demoConfigYaml, type DemoOptions } from './config/demo.js';
export { DEFAULTS } from './config/normalize.js';
export { parseDuration, parseSize, parseHostPort, parsePortRange, formatDuration, formatSize, formatHostPort } from './config/units.js';
export { mappingRuleError } from './config/checks.js';
