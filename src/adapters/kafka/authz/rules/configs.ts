/**
 * Config apis, per resource by its ConfigResource type:
 * BROKER (4), BROKER_LOGGER (8), CLIENT_METRICS (16) → the CLUSTER; TOPIC (2) → that TOPIC;
 * GROUP (32) → that GROUP; denial codes 31 / 29 / 30 (ITEM).
 * DescribeConfigs (32): DESCRIBE_CONFIGS; a denied result carries the error's standard message
 * and no configs. AlterConfigs (33): ALTER_CONFIGS; BROKER_LOGGER is refused as an invalid
 * request (42). IncrementalAlterConfigs (44): ALTER_CONFIGS, BROKER_LOGGER included.
 * Any other resource type makes the whole request invalid (every resource 42). DescribeConfigs
 * answers lose secrets and backend addresses on the way back (config-values.ts).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, num, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { CLUSTER, E, type ApiRule, type Check, type ResourceType } from '../rule.js';
import { cleanConfigValues } from '../config-values.js';

const TYPE_TOPIC = 2;
const TYPE_BROKER = 4;
const TYPE_BROKER_LOGGER = 8;
const TYPE_CLIENT_METRICS = 16;
const TYPE_GROUP = 32;

function target(type: number, name: string): { resource: ResourceType; name: string; code: number } | null {
  switch (type) {
    case TYPE_BROKER:
    case TYPE_BROKER_LOGGER:
    case TYPE_CLIENT_METRICS:
      return { resource: 'CLUSTER', name: CLUSTER, code: E.CLUSTER_AUTH };
    case TYPE_TOPIC:
      return { resource: 'TOPIC', name, code: E.TOPIC_AUTH };
    case TYPE_GROUP:
      return { resource: 'GROUP', name, code: E.GROUP_AUTH };
    default:
      return null;
  }
}

function configs(call: Call, operation: string, respField: string, withMessage: boolean): Verdict {
  const resources = items(call.body(), 'Resources');
  const result = (r: Msg, code: number, message: string | null) =>
    call.responseEntry([respField], { ResourceType: r.ResourceType, ResourceName: r.ResourceName, ErrorCode: code, ErrorMessage: message, Configs: [] });
  if (resources.some((r) => target(num(r, 'ResourceType'), '') === null)) {
    return call.respond(call.response({ [respField]: resources.map((r) => result(r, E.INVALID_REQUEST, errorMessage(E.INVALID_REQUEST))) }));
  }
  const kept: Msg[] = [];
  const denied: Msg[] = [];
  for (const r of resources) {
    const type = num(r, 'ResourceType');
    if (call.key === 33 && type === TYPE_BROKER_LOGGER) {
      denied.push(result(r, E.INVALID_REQUEST, 'Unknown resource type 8'));
      continue;
    }
    const t = target(type, str(r, 'ResourceName') ?? '') as NonNullable<ReturnType<typeof target>>;
    if (call.allow(operation, t.resource, t.name)) kept.push(r);
    else denied.push(result(r, t.code, withMessage ? errorMessage(t.code) : null));
  }
  const clean = call.key === 32 ? (resp: Msg) => void cleanConfigValues(resp, call.state.configValues, call.ctx) : undefined;
  if (denied.length === 0) return call.forward(null, clean);
  if (kept.length === 0) return call.respond(call.response({ [respField]: denied }));
  return call.forward({ ...call.body(), Resources: kept }, (resp) => {
    clean?.(resp);
    resp[respField] = [...items(resp, respField), ...denied];
  });
}

function checks(operation: string): Check[] {
  const source = 'Resources[] by ResourceType';
  return [
    { operation, resource: 'CLUSTER', source: `${source}: BROKER, BROKER_LOGGER, CLIENT_METRICS`, denial: 'ITEM', code: E.CLUSTER_AUTH },
    { operation, resource: 'TOPIC', source: `${source}: TOPIC`, denial: 'ITEM', code: E.TOPIC_AUTH },
    { operation, resource: 'GROUP', source: `${source}: GROUP`, denial: 'ITEM', code: E.GROUP_AUTH },
  ];
}

export const CONFIG_RULES: readonly ApiRule[] = [
  { key: 32, checks: checks('DESCRIBE_CONFIGS'), handle: (c) => configs(c, 'DESCRIBE_CONFIGS', 'Results', true) },
  { key: 33, checks: checks('ALTER_CONFIGS'), handle: (c) => configs(c, 'ALTER_CONFIGS', 'Responses', false) },
  { key: 44, checks: checks('ALTER_CONFIGS'), handle: (c) => configs(c, 'ALTER_CONFIGS', 'Responses', false) },
];
