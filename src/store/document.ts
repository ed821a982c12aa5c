/**
 * One text document (the YAML of an ACL store or of a credentials file) held by a shared backend
 * (etcd) that every replica reads, watches and changes without lost updates. The stores above it
 * (src/store/shared-acls.ts, the credential store) parse and validate the text; the backend
 * only moves it. The file backends keep their own classes (src/acl/store-file.ts,
 * src/sasl/credentials.ts) and the same rules: lock or transaction, re-read, apply, write.
 */
import type { GatewayError } from '../errors.js';

export interface DocumentChange<T> {
  /** The new text; null = leave the document as it is (nothing to write). */
  text: string | null;
  result: T;
}

export interface DocumentWatch {
  /** The document's text now (null: it does not exist); sent on every change and after a resync. */
  onText(text: string | null): void;
  /** The backend became unreachable (false) or reachable again (true). */
  onHealth(healthy: boolean, error?: GatewayError): void;
}

export interface DocumentStore {
  /** For logs and errors: e.g. `etcd /streamward/acls`. */
  readonly where: string;
  /** The text now (null: no document yet). Throws SW_ERR_STORE_UNAVAILABLE when unreachable. */
  read(): Promise<string | null>;
  /**
   * Read-modify-write without lost updates: `change` gets the freshest text; the write happens
   * only if nobody wrote in between, else `change` runs again on the newer text.
   */
  update<T>(change: (text: string | null) => Promise<DocumentChange<T>>): Promise<T>;
  /** Follow the document: changes, reachability, and a resync after an outage. */
  watch(handlers: DocumentWatch): Promise<void>;
  close(): Promise<void>;
}
