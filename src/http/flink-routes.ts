/**
 * The Flink REST routes the gateway lets through, each mapped to an operation on a resource.
 * Paths and methods follow the Flink REST API reference (v1, Flink 1.17-2.x) plus the log and
 * profiler handlers the web UI uses. A `:param` matches one segment; `:jobid` names the JOB
 * resource. Earlier rows win, so literal segments (`checkpoints/config`) come before params
 * (`checkpoints/:triggerid`). HEAD is treated as GET. Anything not in this table is denied.
 *
 * Resource model (ACLs with resource types CLUSTER and JOB):
 *   CLUSTER `flink-cluster`  the whole cluster: listings, configuration, jars, job submission
 *   JOB     `<jobid>`        one job (32 hex digits); a grant on the CLUSTER covers every job
 * Operations: DESCRIBE (status, plans, metrics), READ (data that may carry user content: job
 * config, accumulators, exceptions, logs), CREATE (upload jars, submit jobs, and everything that
 * runs a jar's main() on the JobManager: plan and run), ALTER (cancel,
 * stop, rescale, shut down), WRITE (trigger savepoints and checkpoints), DROP (delete jars,
 * datasets, dispose savepoints).
 */

export type FlinkOperation = 'DESCRIBE' | 'READ' | 'CREATE' | 'ALTER' | 'WRITE' | 'DROP';
export type FlinkResourceType = 'CLUSTER' | 'JOB';
export const FLINK_CLUSTER_NAME = 'flink-cluster';

export interface FlinkRoute {
  /** Stable name for logs and metrics. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  operation: FlinkOperation;
  /** `job`: the JOB named by `:jobid`; `cluster`: CLUSTER flink-cluster. */
  resource: 'cluster' | 'job';
  /** The JSON answer carries configuration or addresses: filtered (config-answer.ts), not streamed. */
  filtered: boolean;
}

/**
 * Routes whose answers name hosts or carry configuration values: JobManager configuration and
 * environment (JVM options), job configuration (user config), TaskManager RPC addresses, the
 * jar server address, log URLs, subtask and exception locations, checkpoint paths.
 */
const FILTERED_ROUTES: ReadonlySet<string> = new Set([
  'jars',
  'jobmanager-config',
  'jobmanager-environment',
  'taskmanagers',
  'taskmanager',
  'job-config',
  'job-exceptions',
  'job-checkpoints',
  'job-checkpoint',
  'job-checkpoints-config',
  'job-jobmanager-config',
  'job-jobmanager-environment',
  'job-jobmanager-log-url',
  'job-taskmanager-log-url',
  'vertex',
  'vertex-taskmanagers',
  'subtask',
  'subtask-attempt',
  'subtasks-accumulators',
  'subtask-attempt-accumulators',
  'vertex-accumulators',
  'job-accumulators',
]);

type Row = [FlinkRoute['method'], string, FlinkOperation, string];

const CLUSTER_ROWS: Row[] = [
  ['GET', '/config', 'DESCRIBE', 'dashboard-config'],
  ['GET', '/overview', 'DESCRIBE', 'cluster-overview'],
  ['DELETE', '/cluster', 'ALTER', 'cluster-shutdown'],
  ['GET', '/datasets', 'DESCRIBE', 'datasets'],
  ['GET', '/datasets/delete/:triggerid', 'DESCRIBE', 'dataset-delete-status'],
  ['DELETE', '/datasets/:datasetid', 'DROP', 'dataset-delete'],
  ['GET', '/jars', 'DESCRIBE', 'jars'],
  ['POST', '/jars/upload', 'CREATE', 'jar-upload'],
  ['DELETE', '/jars/:jarid', 'DROP', 'jar-delete'],
  // Computing a jar's plan runs its main() on the JobManager: user code, as running it does.
  ['GET', '/jars/:jarid/plan', 'CREATE', 'jar-plan'],
  ['POST', '/jars/:jarid/plan', 'CREATE', 'jar-plan-post'],
  ['POST', '/jars/:jarid/run', 'CREATE', 'jar-run'],
  ['GET', '/jobmanager/config', 'DESCRIBE', 'jobmanager-config'],
  ['GET', '/jobmanager/environment', 'DESCRIBE', 'jobmanager-environment'],
  ['GET', '/jobmanager/metrics', 'DESCRIBE', 'jobmanager-metrics'],
  ['GET', '/jobmanager/logs', 'DESCRIBE', 'jobmanager-logs'],
  ['GET', '/jobmanager/logs/:logfile', 'READ', 'jobmanager-log-file'],
  ['GET', '/jobmanager/log', 'READ', 'jobmanager-log'],
  ['GET', '/jobmanager/stdout', 'READ', 'jobmanager-stdout'],
  ['GET', '/jobmanager/thread-dump', 'READ', 'jobmanager-thread-dump'],
  ['GET', '/jobmanager/profiler', 'DESCRIBE', 'jobmanager-profiler'],
  ['POST', '/jobmanager/profiler', 'ALTER', 'jobmanager-profiler-start'],
  ['GET', '/jobs', 'DESCRIBE', 'jobs'],
  ['POST', '/jobs', 'CREATE', 'job-submit'],
  ['GET', '/jobs/overview', 'DESCRIBE', 'jobs-overview'],
  ['GET', '/jobs/metrics', 'DESCRIBE', 'jobs-metrics'],
  ['POST', '/savepoint-disposal', 'DROP', 'savepoint-disposal'],
  ['GET', '/savepoint-disposal/:triggerid', 'DESCRIBE', 'savepoint-disposal-status'],
  ['GET', '/taskmanagers', 'DESCRIBE', 'taskmanagers'],
  ['GET', '/taskmanagers/metrics', 'DESCRIBE', 'taskmanagers-metrics'],
  ['GET', '/taskmanagers/:taskmanagerid', 'DESCRIBE', 'taskmanager'],
  ['GET', '/taskmanagers/:taskmanagerid/logs', 'DESCRIBE', 'taskmanager-logs'],
  ['GET', '/taskmanagers/:taskmanagerid/logs/:logfile', 'READ', 'taskmanager-log-file'],
  ['GET', '/taskmanagers/:taskmanagerid/log', 'READ', 'taskmanager-log'],
  ['GET', '/taskmanagers/:taskmanagerid/stdout', 'READ', 'taskmanager-stdout'],
  ['GET', '/taskmanagers/:taskmanagerid/metrics', 'DESCRIBE', 'taskmanager-metrics'],
  ['GET', '/taskmanagers/:taskmanagerid/thread-dump', 'READ', 'taskmanager-thread-dump'],
  ['GET', '/taskmanagers/:taskmanagerid/profiler', 'DESCRIBE', 'taskmanager-profiler'],
  ['POST', '/taskmanagers/:taskmanagerid/profiler', 'ALTER', 'taskmanager-profiler-start'],
];

const J = '/jobs/:jobid';
const V = `${J}/vertices/:vertexid`;
const JOB_ROWS: Row[] = [
  ['GET', J, 'DESCRIBE', 'job'],
  ['PATCH', J, 'ALTER', 'job-cancel'],
  ['GET', `${J}/accumulators`, 'READ', 'job-accumulators'],
  ['GET', `${J}/checkpoints`, 'DESCRIBE', 'job-checkpoints'],
  ['POST', `${J}/checkpoints`, 'WRITE', 'job-checkpoint-trigger'],
  ['GET', `${J}/checkpoints/config`, 'DESCRIBE', 'job-checkpoints-config'],
  ['GET', `${J}/checkpoints/details/:checkpointid`, 'DESCRIBE', 'job-checkpoint'],
  ['GET', `${J}/checkpoints/details/:checkpointid/subtasks/:vertexid`, 'DESCRIBE', 'job-checkpoint-subtasks'],
  ['GET', `${J}/checkpoints/:triggerid`, 'DESCRIBE', 'job-checkpoint-status'],
  ['PATCH', `${J}/clientHeartbeat`, 'ALTER', 'job-client-heartbeat'],
  ['GET', `${J}/config`, 'READ', 'job-config'],
  ['GET', `${J}/exceptions`, 'READ', 'job-exceptions'],
  ['GET', `${J}/execution-result`, 'READ', 'job-execution-result'],
  ['GET', `${J}/jobmanager/config`, 'DESCRIBE', 'job-jobmanager-config'],
  ['GET', `${J}/jobmanager/environment`, 'DESCRIBE', 'job-jobmanager-environment'],
  ['GET', `${J}/jobmanager/log-url`, 'DESCRIBE', 'job-jobmanager-log-url'],
  ['GET', `${J}/metrics`, 'DESCRIBE', 'job-metrics'],
  ['GET', `${J}/plan`, 'DESCRIBE', 'job-plan'],
  ['PATCH', `${J}/rescaling`, 'ALTER', 'job-rescale'],
  ['GET', `${J}/rescaling/:triggerid`, 'DESCRIBE', 'job-rescale-status'],
  ['GET', `${J}/resource-requirements`, 'DESCRIBE', 'job-resource-requirements'],
  ['PUT', `${J}/resource-requirements`, 'ALTER', 'job-resource-requirements-set'],
  ['POST', `${J}/savepoints`, 'WRITE', 'job-savepoint-trigger'],
  ['GET', `${J}/savepoints/:triggerid`, 'DESCRIBE', 'job-savepoint-status'],
  ['GET', `${J}/status`, 'DESCRIBE', 'job-status'],
  ['POST', `${J}/stop`, 'ALTER', 'job-stop'],
  ['GET', `${J}/taskmanagers/:taskmanagerid/log-url`, 'DESCRIBE', 'job-taskmanager-log-url'],
  ['GET', V, 'DESCRIBE', 'vertex'],
  ['GET', `${V}/accumulators`, 'READ', 'vertex-accumulators'],
  ['GET', `${V}/backpressure`, 'DESCRIBE', 'vertex-backpressure'],
  ['GET', `${V}/flamegraph`, 'DESCRIBE', 'vertex-flamegraph'],
  ['GET', `${V}/jm-operator-metrics`, 'DESCRIBE', 'vertex-jm-operator-metrics'],
  ['GET', `${V}/metrics`, 'DESCRIBE', 'vertex-metrics'],
  ['GET', `${V}/subtasktimes`, 'DESCRIBE', 'vertex-subtasktimes'],
  ['GET', `${V}/taskmanagers`, 'DESCRIBE', 'vertex-taskmanagers'],
  ['GET', `${V}/watermarks`, 'DESCRIBE', 'vertex-watermarks'],
  ['GET', `${V}/subtasks/accumulators`, 'READ', 'subtasks-accumulators'],
  ['GET', `${V}/subtasks/metrics`, 'DESCRIBE', 'subtasks-metrics'],
  ['GET', `${V}/subtasks/:subtaskindex`, 'DESCRIBE', 'subtask'],
  ['GET', `${V}/subtasks/:subtaskindex/metrics`, 'DESCRIBE', 'subtask-metrics'],
  ['GET', `${V}/subtasks/:subtaskindex/attempts/:attempt`, 'DESCRIBE', 'subtask-attempt'],
  ['GET', `${V}/subtasks/:subtaskindex/attempts/:attempt/accumulators`, 'READ', 'subtask-attempt-accumulators'],
];

export const FLINK_ROUTES: readonly FlinkRoute[] = [
  ...CLUSTER_ROWS.map(([method, pattern, operation, id]): FlinkRoute => ({ id, method, pattern, operation, resource: 'cluster', filtered: FILTERED_ROUTES.has(id) })),
  ...JOB_ROWS.map(([method, pattern, operation, id]): FlinkRoute => ({ id, method, pattern, operation, resource: 'job', filtered: FILTERED_ROUTES.has(id) })),
];

/** First path segments that belong to the REST API (never served as web UI assets). */
export const REST_ROOTS: ReadonlySet<string> = new Set(FLINK_ROUTES.map((r) => r.pattern.split('/')[1]));
