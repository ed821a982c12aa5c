/**
 * Connection handshake messages: API_VERSIONS (1000) and AUTHENTICATE (1038).
 * ApiVersionsResponse.server_type: 1 coordinator, 2 tablet server.
 * AuthenticateRequest.protocol is the SASL mechanism (e.g. "PLAIN"); token is the SASL response.
 */
import { message } from '../proto-message.js';

export const ApiVersionsRequest = message('ApiVersionsRequest', {
  client_software_name: { no: 1, type: 'string', required: true },
  client_software_version: { no: 2, type: 'string', required: true },
});

export const PbApiVersion = message('PbApiVersion', {
  api_key: { no: 1, type: 'int32', required: true },
  min_version: { no: 2, type: 'int32', required: true },
  max_version: { no: 3, type: 'int32', required: true },
});

export const ApiVersionsResponse = message('ApiVersionsResponse', {
  api_versions: { no: 1, type: PbApiVersion, repeated: true },
  server_type: { no: 2, type: 'int32' },
});

export const AuthenticateRequest = message('AuthenticateRequest', {
  protocol: { no: 1, type: 'string', required: true },
  token: { no: 2, type: 'bytes', required: true },
});

export const AuthenticateResponse = message('AuthenticateResponse', {
  challenge: { no: 1, type: 'bytes' },
});
