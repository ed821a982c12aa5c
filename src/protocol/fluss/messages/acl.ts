/**
 * ACL admin messages: CREATE_ACLS (1039), LIST_ACLS (1040), DROP_ACLS (1041).
 * Codes: resource_type ANY 1, CLUSTER 2, DATABASE 3, TABLE 4; operation_type ANY 1, ALL 2,
 * READ 3, WRITE 4, CREATE 5, DROP 6, ALTER 7, DESCRIBE 8; permission_type ANY 1, ALLOW 2.
 * Create results echo the binding; drop results match filters by position.
 */
import { message } from '../proto-message.js';

export const PbAclInfo = message('PbAclInfo', {
  resource_name: { no: 1, type: 'string', required: true },
  resource_type: { no: 2, type: 'int32', required: true },
  principal_name: { no: 3, type: 'string', required: true },
  principal_type: { no: 4, type: 'string', required: true },
  host: { no: 5, type: 'string', required: true },
  operation_type: { no: 6, type: 'int32', required: true },
  permission_type: { no: 7, type: 'int32', required: true },
});

export const PbAclFilter = message('PbAclFilter', {
  resource_name: { no: 1, type: 'string' },
  resource_type: { no: 2, type: 'int32', required: true },
  principal_name: { no: 3, type: 'string' },
  principal_type: { no: 4, type: 'string' },
  host: { no: 5, type: 'string' },
  operation_type: { no: 6, type: 'int32', required: true },
  permission_type: { no: 7, type: 'int32', required: true },
});

export const CreateAclsRequest = message('CreateAclsRequest', {
  acl: { no: 1, type: PbAclInfo, repeated: true },
});

export const PbCreateAclRespInfo = message('PbCreateAclRespInfo', {
  acl: { no: 1, type: PbAclInfo, required: true },
  error_code: { no: 2, type: 'int32' },
  error_message: { no: 3, type: 'string' },
});

export const CreateAclsResponse = message('CreateAclsResponse', {
  aclRes: { no: 1, type: PbCreateAclRespInfo, repeated: true },
});

export const ListAclsRequest = message('ListAclsRequest', {
  acl_filter: { no: 1, type: PbAclFilter, required: true },
});

export const ListAclsResponse = message('ListAclsResponse', {
  acl: { no: 1, type: PbAclInfo, repeated: true },
});

export const DropAclsRequest = message('DropAclsRequest', {
  acl_filter: { no: 1, type: PbAclFilter, repeated: true },
});

export const PbDropAclsMatchingAcl = message('PbDropAclsMatchingAcl', {
  acl: { no: 1, type: PbAclInfo, required: true },
  error_code: { no: 2, type: 'int32' },
  error_message: { no: 3, type: 'string' },
});

export const PbDropAclsFilterResult = message('PbDropAclsFilterResult', {
  matching_acls: { no: 1, type: PbDropAclsMatchingAcl, repeated: true },
  error_code: { no: 2, type: 'int32' },
  error_message: { no: 3, type: 'string' },
});

export const DropAclsResponse = message('DropAclsResponse', {
  filter_results: { no: 1, type: PbDropAclsFilterResult, repeated: true },
});
