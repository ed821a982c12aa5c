/** `streamward acl ...`: manage the ACL store (placeholder until it is built). */
import { placeholderCommand } from './placeholder.js';

export const aclCommand = placeholderCommand('acl', 'List, add and remove ACL entries in the ACL store.');
