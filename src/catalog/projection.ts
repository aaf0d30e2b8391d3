/**
 * Athena partition projection (PURE): a table with `projection.enabled=true` computes its
 * partitions from table properties at query time, so Glue needs no partition entries, and a
 * record moved to a partition outside the projection would silently vanish from every query.
 * This module decides, for a partition location, whether a projected query can see it.
 *
 * Supported as Athena documents them: types `date` (`range` with `NOW±N UNIT`, `format`),
 * `integer` (`range`, `digits`), `enum` (`values`), `injected` (any value: queries supply it), and
 * `storage.location.template` with `${column}` placeholders (Hive `key=value/` paths without it).
 * Anything this version cannot evaluate counts as not visible: the record stays, and the report
 * says why.
 */

export type ProjectedColumn =
  | { readonly type: 'date'; readonly format: string; readonly range: readonly [string, string] }
  | { readonly type: 'integer'; readonly range: readonly [number, number]; readonly digits: number | null }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'injected' }
  | { readonly type: 'unsupported'; readonly detail: string };

export interface Projection {
  readonly columns: ReadonlyMap<string, ProjectedColumn>;
  /** `storage.location.template`, or null for Hive `key=value` paths under the table location. */
  readonly template: string | null;
  readonly tableLocation: string;
  readonly keyNames: readonly string[];
}

export type Visibility = { readonly visible: true } | { readonly visible: false; readonly reason: string };

export function isProjected(parameters: Readonly<Record<string, string>>): boolean {
  return (parameters['projection.enabled'] ?? '').trim().toLowerCase() === 'true';
}

export function readProjection(parameters: Readonly<Record<string, string>>, keyNames: readonly string[], tableLocation: string): Projection {
  const columns = new Map<string, ProjectedColumn>();
  for (const name of keyNames) {
    const p = (suffix: string): string | undefined => parameters[`projection.${name}.${suffix}`];
    const type = p('type')?.trim().toLowerCase();
    const range = p('range')?.split(',').map((s) => s.trim());
    if (type === 'date') {
      const format = p('format');
      columns.set(name, format === undefined || range?.length !== 2 ? { type: 'unsupported', detail: `projection.${name} of type date needs format and range` } : { type: 'date', format, range: [range[0]!, range[1]!] });
    } else if (type === 'integer') {
      const bounds = range?.map(Number);
      const digits = p('digits');
      columns.set(name, bounds?.length !== 2 || !bounds.every(Number.isSafeInteger)
        ? { type: 'unsupported', detail: `projection.${name}.range ${JSON.stringify(p('range') ?? '')} is not two integers` }
        : { type: 'integer', range: [bounds[0]!, bounds[1]!], digits: digits === undefined ? null : Number(digits) });
    } else if (type === 'enum') {
      columns.set(name, { type: 'enum', values: (p('values') ?? '').split(',').map((s) => s.trim()) });
    } else if (type === 'injected') {
      columns.set(name, { type: 'injected' });
    } else {
      columns.set(name, { type: 'unsupported', detail: type === undefined ? `projection.${name}.type is not set` : `projection type ${JSON.stringify(type)} is not known to this version` });
    }
  }
  return { columns, template: parameters['storage.location.template'] ?? null, tableLocation, keyNames };
}

/** Can a query over the projected table see objects at `location`? `nowMs` resolves `NOW`. */
export function projectionVisibility(projection: Projection, location: string, nowMs: number): Visibility {
  const template = projection.template ?? `${projection.tableLocation.replace(/\/+$/, '')}/${projection.keyNames.map((k) => `${k}=\${${k}}`).join('/')}`;
  const values = matchTemplate(template, location);
  if (values === null) return { visible: false, reason: `its location ${location} does not match the projection's location template ${template}` };
  for (const [name, value] of values) {
    const column = projection.columns.get(name);
    if (column === undefined) return { visible: false, reason: `the location template uses \${${name}}, which is not a partition key` };
    const problem = checkValue(name, column, value, nowMs);
    if (problem !== null) return { visible: false, reason: problem };
  }
  return { visible: true };
}

/** Matches `location` against a template with `${name}` placeholders; trailing slashes are ignored. */
function matchTemplate(template: string, location: string): Map<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .replace(/\/+$/, '')
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      const placeholder = /^\$\{([^}]+)\}$/.exec(part);
      if (placeholder === null) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(placeholder[1]!);
      return '(.+?)';
    })
    .join('');
  const match = new RegExp(`^${pattern}$`).exec(location.replace(/\/+$/, ''));
  if (match === null) return null;
  const values = new Map<string, string>();
  for (const [k, name] of names.entries()) {
    const value = match[k + 1]!;
    if (values.has(name) && values.get(name) !== value) return null;
    values.set(name, value);
  }
  return values;
}

function checkValue(name: string, column: ProjectedColumn, value: string, nowMs: number): string | null {
  switch (column.type) {
    case 'injected':
      return null;
    case 'unsupported':
      return `cannot check the projection of ${name}: ${column.detail}`;
    case 'enum':
      return column.values.includes(value) ? null : `${name}=${value} is not among projection.${name}.values (${column.values.join(',')})`;
    case 'integer': {
      const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) return `${name}=${value} is not an integer (projection.${name}.type integer)`;
      if (n < column.range[0] || n > column.range[1]) return `${name}=${value} is outside projection.${name}.range ${column.range.join(',')}`;
      if (column.digits !== null && value !== String(n).padStart(column.digits, '0')) return `${name}=${value} is not written with projection.${name}.digits ${column.digits}`;
      return null;
    }
    case 'date': {
      const compiled = compileDateFormat(column.format);
      if (compiled === null) return `cannot check the projection of ${name}: its format ${JSON.stringify(column.format)} uses letters this version does not read`;
      const at = compiled.parse(value);
      if (at === null) return `${name}=${value} does not read as projection.${name}.format ${column.format}`;
      const low = rangeEnd(column.range[0], compiled, nowMs);
      const high = rangeEnd(column.range[1], compiled, nowMs);
      if (low === null || high === null) return `cannot read projection.${name}.range ${column.range.join(',')}`;
      if (at < low || at > high) return `${name}=${value} is outside projection.${name}.range ${column.range.join(',')}`;
      return null;
    }
  }
}

interface DateFormat {
  /** Epoch ms of the wall-clock fields read as UTC, or null when `text` does not match exactly. */
  parse(text: string): number | null;
}

const FIELD_LETTERS: Readonly<Record<string, { readonly width: number; readonly field: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' }>> = {
  yyyy: { width: 4, field: 'year' },
  MM: { width: 2, field: 'month' },
  dd: { width: 2, field: 'day' },
  HH: { width: 2, field: 'hour' },
  mm: { width: 2, field: 'minute' },
  ss: { width: 2, field: 'second' },
};

/** The Java DateTimeFormatter subset projections use in practice: yyyy MM dd HH mm ss, literals, '…'. */
export function compileDateFormat(format: string): DateFormat | null {
  const fields: (typeof FIELD_LETTERS)[string]['field'][] = [];
  let pattern = '';
  for (let i = 0; i < format.length; ) {
    const quoted = format[i] === "'" ? /^'([^']*)'/.exec(format.slice(i)) : null;
    if (quoted !== null) {
      pattern += quoted[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += quoted[0].length;
      continue;
    }
    const run = /^([A-Za-z])\1*/.exec(format.slice(i));
    if (run !== null) {
      const spec = FIELD_LETTERS[run[0]];
      if (spec === undefined) return null;
      fields.push(spec.field);
      pattern += `(\\d{${spec.width}})`;
      i += run[0].length;
      continue;
    }
    pattern += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i += 1;
  }
  const regex = new RegExp(`^${pattern}$`);
  return {
    parse(text) {
      const match = regex.exec(text);
      if (match === null) return null;
      const f = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
      fields.forEach((field, k) => (f[field] = Number(match[k + 1])));
      const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
      const check = new Date(ms);
      // Feb 30 or hour 25 would roll over: such text names no real time.
      if (check.getUTCFullYear() !== f.year || check.getUTCMonth() !== f.month - 1 || check.getUTCDate() !== f.day || check.getUTCHours() !== f.hour) return null;
      return ms;
    },
  };
}

const NOW = /^NOW(?:\s*([+-])\s*(\d+)\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i;
const UNIT_MS: Readonly<Record<string, number>> = { WEEK: 604_800_000, DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1_000 };

function rangeEnd(text: string, format: DateFormat, nowMs: number): number | null {
  const now = NOW.exec(text.trim());
  if (now === null) return format.parse(text.trim());
  if (now[1] === undefined) return nowMs;
  const amount = Number(now[2]) * (now[1] === '-' ? -1 : 1);
  const unit = now[3]!.toUpperCase();
  if (unit === 'YEAR' || unit === 'MONTH') {
    const d = new Date(nowMs);
    d.setUTCMonth(d.getUTCMonth() + amount * (unit === 'YEAR' ? 12 : 1));
    return d.getTime();
  }
  return nowMs + amount * UNIT_MS[unit]!;
}
