/**
 * Catalog partition keys and values of a partition path, for Glue `BatchCreatePartition` and Athena
 * `ADD PARTITION`. Pure string work from the template.
 */
import { RepartitionError } from '../errors.js';
import { internalsOf } from './compileLayout.js';
import type { Layout, PartitionPath, PartitionValue } from './types.js';

/**
 * `dt=2020-04-20/hour=13` → `[{name:'dt',value:'2020-04-20'},{name:'hour',value:'13'}]`.
 * A segment that is not Hive-style (`2020/04/20/13`) is named `partition_<i>` by its 0-based
 * position, as Glue crawlers name them.
 * @throws RepartitionError `INTERNAL` if `path` was not built by this layout.
 */
export function partitionValues(layout: Layout, path: PartitionPath): PartitionValue[] {
  const { segments } = internalsOf(layout);
  const pieces = path.split('/');
  const wrong = (): never => {
    throw new RepartitionError('INTERNAL', `Partition path ${JSON.stringify(path)} does not fit layout ${layout.template}`, { context: { partition: path } });
  };
  if (pieces.length !== segments.length) wrong();
  return segments.map((segment, k) => {
    const piece = pieces[k] as string;
    if (segment.hiveName === undefined) return { name: `partition_${k}`, value: piece };
    const prefix = `${segment.hiveName}=`;
    if (!piece.startsWith(prefix)) wrong();
    return { name: segment.hiveName, value: piece.slice(prefix.length) };
  });
}
