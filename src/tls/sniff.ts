/**
 * Tells TLS from plaintext by the first bytes a client sends. A TLS connection opens with a
 * handshake record: content type 0x16, then major version 0x03. Neither Kafka nor Fluss can
 * start that way in practice (it would announce a frame of over 369 MB).
 */
export type FirstBytesKind = 'tls' | 'plain';

export function classifyFirstBytes(head: Buffer): FirstBytesKind {
  if (head.length >= 1 && head[0] === 0x16 && (head.length < 2 || head[1] === 0x03)) return 'tls';
  return 'plain';
}
