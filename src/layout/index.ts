/**
 * The layout engine (PURE): partition templates ↔ instants, strict key parsing, window listing.
 * DST behaviour is documented at the top of partitionLabel.ts.
 */
export type { Granularity, Layout, LayoutPreset, ParsedKey, PartitionInfo, PartitionPath, PartitionValue } from './types.js';
export { GRANULARITIES, LAYOUT_PRESETS } from './types.js';
export type { LayoutToken } from './template.js';
export { LAYOUT_TOKENS } from './template.js';
export { GRANULARITY_MS, compileLayout, isLayoutPreset } from './compileLayout.js';
export { MAX_LABEL_MS, MIN_LABEL_MS, partitionInfoOfLabel, partitionLabelMs, partitionPathOfLabel } from './partitionLabel.js';
export { isHiddenKey, parseObjectKey } from './parseObjectKey.js';
export { MAX_WINDOW_PARTITIONS, partitionsInWindow } from './partitionsInWindow.js';
export { partitionValues } from './partitionValues.js';
