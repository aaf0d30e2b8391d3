"""Checks that the column-chunk statistics of Parquet files agree with their values, by pyarrow.

Usage: statistics_check.py FILE...  -> JSON {"file": {"checked": N, "problems": [...]}}: N min/max pairs checked.
For every row group and every top-level non-nested column whose statistics carry min/max, pyarrow's
decoded min/max must equal the minimum/maximum of the row group's values (NaN ignored, and -0.0 == 0.0),
and null_count must equal the number of nulls. Engines skip row groups by these numbers.
"""
import json
import math
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def check(path):
    problems = []
    checked = 0
    f = pq.ParquetFile(path)
    md = f.metadata
    names = [md.schema.column(j).path for j in range(md.num_columns)]
    for g in range(md.num_row_groups):
        table = f.read_row_group(g)
        for j, name in enumerate(names):
            if '.' in name or name not in table.column_names:
                continue
            column = table.column(name)
            if pa.types.is_nested(column.type):
                continue
            stats = md.row_group(g).column(j).statistics
            if stats is None:
                continue
            if stats.null_count != column.null_count:
                problems.append(f'rg {g} {name}: null_count {stats.null_count} != {column.null_count}')
            if not stats.has_min_max:
                continue
            values = column
            if pa.types.is_floating(column.type):
                values = pc.filter(column, pc.invert(pc.is_nan(column)))
            if pa.types.is_dictionary(column.type):
                values = values.cast(column.type.value_type)
            if pa.types.is_timestamp(values.type) or pa.types.is_date(values.type):
                # physical comparison: pyarrow's datetime objects cannot hold nanoseconds
                values = values.cast(pa.int64() if pa.types.is_timestamp(values.type) else pa.int32())
                lo, hi = stats.min_raw, stats.max_raw
            else:
                lo, hi = stats.min, stats.max
            mm = pc.min_max(values).as_py()
            if isinstance(lo, float) and math.isnan(lo) or isinstance(hi, float) and math.isnan(hi):
                problems.append(f'rg {g} {name}: NaN bound')
                continue
            checked += 1
            if lo != mm['min'] or hi != mm['max']:
                problems.append(f'rg {g} {name}: stats [{lo!r}, {hi!r}] != values [{mm["min"]!r}, {mm["max"]!r}]')
    return {'checked': checked, 'problems': problems}


print(json.dumps({path: check(path) for path in sys.argv[1:]}))
