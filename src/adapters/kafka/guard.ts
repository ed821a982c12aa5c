/**
 * The Kafka pipeline's guard: the first stage of every request with a header. An unknown api key
 * closes the connection (nothing to count it under), a broker-internal key or an unsupported
 * version closes it too (ApiVersions answers UNSUPPORTED_VERSION with its own range, as a broker
 * does), the header must parse, and the authentication gate decides whether the request may be
 * read at all before login (and within its pre-auth cap). Nothing past the header is read here.
 */
import { API_SPECS } from '../../protocol/kafka/api-table.js';
import { apiVersionsErrorResponse } from '../../protocol/kafka/api-versions.js';
import { KAFKA_ERRORS } from '../../protocol/kafka/errors.js';
import { GatewayError } from '../../errors.js';
import type { RequestInfo, Verdict } from '../../proxy/protocol.js';
import type { PipelineStage } from '../pipeline.js';
import type { KafkaRequest } from './request.js';
import type { KafkaLoginGate } from './sasl-stage.js';

const API_VERSIONS = 18;

export class KafkaGuard implements PipelineStage<KafkaRequest> {
  readonly slot = 'guard';

  constructor(private readonly gate: KafkaLoginGate) {}

  /** Names the api in `info`; throws when the header cannot be read (the session closes: MALFORMED). */
  onRequest(req: KafkaRequest, info: RequestInfo): Verdict | null {
    const spec = API_SPECS.get(info.apiKey);
    if (!spec) return { kind: 'close', error: new GatewayError('SW_ERR_UNKNOWN_API_KEY', `api key ${info.apiKey}`) };
    info.api = spec.name;
    if (!spec.clientFacing) return { kind: 'close', info, error: new GatewayError('SW_ERR_PRIVATE_API', `${spec.name} (${info.apiKey}) is broker-internal`) };
    const v = info.apiVersion;
    if (v < spec.minVersion || v > spec.maxVersion) {
      if (info.apiKey === API_VERSIONS) {
        const range = { min: spec.minVersion, max: spec.maxVersion };
        return { kind: 'respond', info, frame: apiVersionsErrorResponse(info.id, KAFKA_ERRORS.UNSUPPORTED_VERSION, range) };
      }
      return { kind: 'close', info, error: new GatewayError('SW_ERR_UNSUPPORTED_VERSION', `${spec.name} v${v} (supported ${spec.minVersion}-${spec.maxVersion})`) };
    }
    void req.header;
    return this.gate.admit(info, req.frame.length);
  }
}
