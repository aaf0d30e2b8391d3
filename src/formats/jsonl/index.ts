export { decodeJsonl, DEFAULT_MAX_RECORD_BYTES, GUNZIP_CHUNK_BYTES } from './decodeJsonl.js';
export type { JsonlDecoderOptions } from './decodeJsonl.js';
export type { FramedRecord } from './jsonlFramer.js';
export { encodeJsonl, GZIP_LEVEL } from './encodeJsonl.js';
export type { JsonlEncodeOptions } from './encodeJsonl.js';
export { UnreadableObjectError, UNREADABLE_REASONS } from './unreadableObjectError.js';
export type { UnreadableReason } from './unreadableObjectError.js';
