/** `streamward users ...`: manage the credentials file (placeholder until it is built). */
import { placeholderCommand } from './placeholder.js';

export const usersCommand = placeholderCommand('users', 'Manage SASL/basic users in the credentials file.');
