/**
 * Deterministic output names (PURE). A retry or a concurrent twin computes the same keys, so the
 * create-only write turns a duplicate into a no-op. The extension stays last (Athena and Hive pick
 * the codec from it): `<stem>.lr-<u>.<ext>` and `<stem>.lr-<u>.rest.<ext>`.
 */
import { sha256Hex } from './canonical.js';

/** Extensions that are kept at the end of the name, possibly several (`.json.gz`). */
const EXTENSION = /(?:\.(?:json|jsonl|ndjson|log|txt|gz|gzip|parquet|snappy|zstd|zst))+$/i;

export function splitExtension(name: string): { stem: string; extension: string } {
  const match = EXTENSION.exec(name);
  if (match === null || match.index === 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, match.index), extension: match[0] };
}

/** `u`: 12 hex digits of sha256(source key, source etag, config hash). */
export function unitIdOf(sourceKey: string, sourceEtag: string, configHash: string): string {
  return sha256Hex(`${sourceKey}\n${sourceEtag}\n${configHash}`).slice(0, 12);
}

export function movedOutputKey(destinationPartition: string, sourceName: string, unitId: string): string {
  const { stem, extension } = splitExtension(sourceName);
  return `${destinationPartition}/${stem}.lr-${unitId}${extension}`;
}

export function restOutputKey(sourcePartition: string, sourceName: string, unitId: string): string {
  const { stem, extension } = splitExtension(sourceName);
  return `${sourcePartition}/${stem}.lr-${unitId}.rest${extension}`;
}
