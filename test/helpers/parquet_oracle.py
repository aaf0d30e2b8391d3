"""Independent-reader oracle for Parquet files: pyarrow (first reader) and DuckDB (second reader).

Usage (Python from test/requirements.txt, e.g. .venv/bin/python):
  parquet_oracle.py dump FILE                  one JSON document: metadata, schema and pyarrow's rows
  parquet_oracle.py dump-many [--no-rows] FILE...   a JSON array of documents, one per file; a file
                                               that pyarrow cannot open gives {"file", "error", "duckdbError"}
  parquet_oracle.py duckdb-rows FILE           {"file", "reader", "numRows", "rows"} as DuckDB reads them
  parquet_oracle.py duckdb-rows-many FILE...   a JSON array of those; a rejected file gives {"file", "error"}

Exit codes: 0 ok; 1 a reader rejected the file (dump, duckdb-rows); 2 usage; 3 a module is missing.

Values are rendered exactly, by the Arrow type the reader returns (see render_values):
  null -> null; BOOLEAN -> true/false; every integer (int8..int64, uint8..uint64) -> decimal string;
  FLOAT/DOUBLE (and float16) -> lowercase hex of the IEEE bits, 8/16 (4) digits, no prefix, so NaN
  payloads and -0.0 survive ("7ff8000000000000", "80000000"); DECIMAL -> fixed-point string with exactly
  `scale` fraction digits ("-12.50", "0.0000000000", "7" for scale 0); TIMESTAMP -> integer count in the
  Parquet column's unit as a decimal string (MILLIS/MICROS/NANOS; INT96 as nanoseconds); DATE -> days
  since 1970-01-01 as a decimal string; TIME -> count in its unit; BYTE_ARRAY without a string
  annotation and FIXED_LEN_BYTE_ARRAY -> lowercase hex; strings -> JSON strings; struct -> object in
  field order; list -> array; map -> array of [key, value] pairs in file order.
DuckDB's rows are rendered the same way, in the units pyarrow reports for the same file, except that
DuckDB 1.5.6 reads INT96 and UTC-adjusted TIMESTAMP(NANOS) at microsecond precision: those values are
its µs count (floored) times 1000, so sub-µs digits read as 000 (pyarrow keeps them). DuckDB 1.5.6
cannot read BYTE_STREAM_SPLIT on INT32/INT64/FIXED_LEN_BYTE_ARRAY.
"""
from __future__ import annotations

import json
import re
import struct
import sys

try:
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
except ImportError as missing:  # the TypeScript wrapper turns exit code 3 into an install hint
    print(f'parquet_oracle: missing Python module {missing.name}: pip install -r test/requirements.txt', file=sys.stderr)
    sys.exit(3)

# ------------------------------------------------------------------------------------ value rendering

_UINT_OF_FLOAT = {16: pa.uint16(), 32: pa.uint32(), 64: pa.uint64()}
_UNIT_SCALE = {'s': 1, 'ms': 1_000, 'us': 1_000_000, 'ns': 1_000_000_000}


def _decimal_text(value, scale: int) -> str:
    sign, digits, exponent = value.as_tuple()
    unscaled = int(''.join(map(str, digits)) or '0')
    shift = exponent + scale
    if shift < 0:
        raise ValueError(f'decimal {value} has more than {scale} fraction digits')
    unscaled *= 10**shift
    text = str(unscaled)
    if scale > 0:
        text = text.rjust(scale + 1, '0')
        text = text[:-scale] + '.' + text[-scale:]
    return ('-' if sign and unscaled != 0 else '') + text


def _rescale(count: int, unit: str, target: str) -> int:
    have, want = _UNIT_SCALE[unit], _UNIT_SCALE[target]
    if want >= have:
        return count * (want // have)
    if count % (have // want):
        raise ValueError(f'{count} {unit} is not a whole number of {target}')
    return count // (have // want)


def render_values(arr: pa.Array, hint: pa.DataType | None = None) -> list:
    """Render one Arrow array exactly (see the module doc); `hint` gives the timestamp units wanted."""
    t = arr.type
    if pa.types.is_dictionary(t):
        return render_values(arr.dictionary_decode(), hint)
    if isinstance(t, pa.ExtensionType):
        return render_values(arr.storage, hint)
    if pa.types.is_null(t):
        return [None] * len(arr)
    if pa.types.is_boolean(t):
        return arr.to_pylist()
    if pa.types.is_integer(t):
        return [None if v is None else str(v) for v in arr.to_pylist()]
    if pa.types.is_floating(t):
        width = t.bit_width
        return [None if v is None else format(v, f'0{width // 4}x') for v in arr.view(_UINT_OF_FLOAT[width]).to_pylist()]
    if pa.types.is_decimal(t):
        return [None if v is None else _decimal_text(v, t.scale) for v in arr.to_pylist()]
    if pa.types.is_timestamp(t):
        target = hint.unit if hint is not None and pa.types.is_timestamp(hint) else t.unit
        return [None if v is None else str(_rescale(v, t.unit, target)) for v in arr.view(pa.int64()).to_pylist()]
    if pa.types.is_date32(t) or pa.types.is_time32(t):
        return [None if v is None else str(v) for v in arr.view(pa.int32()).to_pylist()]
    if pa.types.is_date64(t) or pa.types.is_time64(t) or pa.types.is_duration(t):
        return [None if v is None else str(v) for v in arr.view(pa.int64()).to_pylist()]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t) or pa.types.is_binary_view(t):
        return [None if v is None else v.hex() for v in arr.to_pylist()]
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return arr.to_pylist()
    if pa.types.is_struct(t):
        children = arr.flatten()
        rendered = []
        for i, child in enumerate(children):
            name = t.field(i).name
            child_hint = hint.field(name).type if hint is not None and pa.types.is_struct(hint) and hint.get_field_index(name) >= 0 else None
            rendered.append((name, render_values(child, child_hint)))
        valid = arr.is_valid().to_pylist()
        return [{name: values[i] for name, values in rendered} if valid[i] else None for i in range(len(arr))]
    if pa.types.is_map(t):
        names = [t.key_field.name, t.item_field.name]
        entry_hint = pa.struct([(names[0], hint.key_type), (names[1], hint.item_type)]) if hint is not None and pa.types.is_map(hint) else None
        # offsets index the whole (unsliced) entries child; MapArray has no flatten kernel
        entries = render_values(arr.values, entry_hint)
        offsets, valid = arr.offsets.to_pylist(), arr.is_valid().to_pylist()
        return [[[e[names[0]], e[names[1]]] for e in entries[offsets[i]:offsets[i + 1]]] if valid[i] else None
                for i in range(len(arr))]
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t) or pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        value_hint = hint.value_type if hint is not None and hasattr(hint, 'value_type') else None
        return _split(arr, render_values(arr.flatten(), value_hint))
    raise ValueError(f'parquet_oracle cannot render Arrow type {t}')


def _split(arr: pa.Array, flat_values: list) -> list:
    lengths = pc.list_value_length(arr).to_pylist()
    out, pos = [], 0
    for n in lengths:
        if n is None:
            out.append(None)
        else:
            out.append(flat_values[pos:pos + n])
            pos += n
    if pos != len(flat_values):
        raise ValueError('list values and lengths disagree')
    return out


def render_table(table: pa.Table, hints: pa.Schema | None = None) -> list[dict]:
    columns = []
    for i, name in enumerate(table.column_names):
        hint = hints.field(name).type if hints is not None and hints.get_field_index(name) >= 0 else None
        values: list = []
        for chunk in table.column(i).chunks:
            values.extend(render_values(chunk, hint))
        columns.append((name, values))
    return [{name: values[r] for name, values in columns} for r in range(table.num_rows)]


# ----------------------------------------------------------------- raw footer and page headers (Thrift)

_TYPES = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY']
_REPETITIONS = ['REQUIRED', 'OPTIONAL', 'REPEATED']
_CONVERTED = ['UTF8', 'MAP', 'MAP_KEY_VALUE', 'LIST', 'ENUM', 'DECIMAL', 'DATE', 'TIME_MILLIS', 'TIME_MICROS',
              'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64', 'INT_8', 'INT_16',
              'INT_32', 'INT_64', 'JSON', 'BSON', 'INTERVAL']
_CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW']
_ENCODINGS = {0: 'PLAIN', 2: 'PLAIN_DICTIONARY', 3: 'RLE', 4: 'BIT_PACKED', 5: 'DELTA_BINARY_PACKED',
              6: 'DELTA_LENGTH_BYTE_ARRAY', 7: 'DELTA_BYTE_ARRAY', 8: 'RLE_DICTIONARY', 9: 'BYTE_STREAM_SPLIT'}
_PAGE_TYPES = ['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2']
_LOGICAL = {1: 'STRING', 2: 'MAP', 3: 'LIST', 4: 'ENUM', 5: 'DECIMAL', 6: 'DATE', 7: 'TIME', 8: 'TIMESTAMP',
            10: 'INTEGER', 11: 'NULL', 12: 'JSON', 13: 'BSON', 14: 'UUID', 15: 'FLOAT16', 16: 'VARIANT',
            17: 'GEOMETRY', 18: 'GEOGRAPHY'}
_TIME_UNITS = {1: 'MILLIS', 2: 'MICROS', 3: 'NANOS'}


class _Compact:
    """A Thrift compact-protocol reader that decodes any struct into {field id: value}."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def byte(self) -> int:
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, tid: int):
        if tid in (1, 2):
            return tid == 1
        if tid == 3:
            return struct.unpack('b', bytes([self.byte()]))[0]
        if tid in (4, 5, 6):
            return self.zigzag()
        if tid == 7:
            self.pos += 8
            return struct.unpack('<d', self.data[self.pos - 8:self.pos])[0]
        if tid == 8:
            n = self.varint()
            self.pos += n
            return self.data[self.pos - n:self.pos]
        if tid in (9, 10):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return [self.byte() == 1 if elem in (1, 2) else self.value(elem) for _ in range(size)]
        if tid == 11:
            size = self.varint()
            if size == 0:
                return {}
            kinds = self.byte()
            return {self.value(kinds >> 4): self.value(kinds & 0x0F) for _ in range(size)}
        if tid == 12:
            return self.struct()
        raise ValueError(f'unknown thrift compact type {tid} at byte {self.pos}')

    def struct(self) -> dict:
        fields, last = {}, 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            tid, delta = head & 0x0F, head >> 4
            fid = last + delta if delta else self.zigzag()
            fields[fid] = self.value(tid)
            last = fid


def _logical(lt: dict | None) -> dict | None:
    if not lt:
        return None
    (fid, body), = lt.items()
    out = {'type': _LOGICAL.get(fid, f'UNKNOWN_{fid}')}
    if fid == 5:
        out.update(scale=body.get(1), precision=body.get(2))
    elif fid in (7, 8):
        out.update(isAdjustedToUTC=body.get(1), unit=_TIME_UNITS[next(iter(body[2]))])
    elif fid == 10:
        out.update(bitWidth=body.get(1), isSigned=body.get(2))
    return out


def _enum(names, value):
    if value is None:
        return None
    if isinstance(names, dict):
        return names.get(value, f'UNKNOWN_{value}')
    return names[value] if 0 <= value < len(names) else f'UNKNOWN_{value}'


def read_footer(data: bytes) -> dict:
    if len(data) < 12 or data[:4] != b'PAR1' or data[-4:] != b'PAR1':
        raise ValueError('not a Parquet file: missing PAR1 magic')
    length = int.from_bytes(data[-8:-4], 'little')
    return _Compact(data, len(data) - 8 - length).struct()


def footer_schema(meta: dict) -> list[dict]:
    """The SchemaElement list exactly as the footer holds it, snake_case like parquet.thrift."""
    return [{
        'name': e[4].decode('utf-8', 'backslashreplace'), 'type': _enum(_TYPES, e.get(1)), 'type_length': e.get(2),
        'repetition_type': _enum(_REPETITIONS, e.get(3)), 'num_children': e.get(5),
        'converted_type': _enum(_CONVERTED, e.get(6)), 'scale': e.get(7), 'precision': e.get(8), 'field_id': e.get(9),
        'logical_type': _logical(e.get(10)),
    } for e in meta[2]]


def chunk_pages(data: bytes, cmeta: dict) -> dict:
    """Walk a column chunk's page headers: page types and data-page encodings, in file order."""
    start = cmeta[9]
    if cmeta.get(11):
        start = min(start, cmeta[11])
    end, pos = start + cmeta[7], start
    types, encodings, count = [], [], 0
    while pos < end:
        reader = _Compact(data, pos)
        header = reader.struct()
        pos = reader.pos + header[3]
        count += 1
        ptype = _enum(_PAGE_TYPES, header[1])
        if ptype not in types:
            types.append(ptype)
        body = header.get(5) or header.get(8)
        if body is not None:
            enc = _enum(_ENCODINGS, body[4] if 8 in header else body[2])
            if enc not in encodings:
                encodings.append(enc)
    if pos != end:
        raise ValueError(f'page headers overrun the column chunk ({pos} != {end})')
    return {'pageTypes': types, 'dataPageEncodings': encodings, 'numPages': count}


# ------------------------------------------------------------------------------------- pyarrow schema

_LINE = re.compile(r'^\s*(required|optional|repeated) (\S+) field_id=(-?\d+) (.+?)(?: \((.*)\))?( \{|;)$')


def pyarrow_schema(pf: pq.ParquetFile) -> list[dict]:
    """Every schema element as pyarrow prints it (groups too), leaves enriched from its ColumnSchema."""
    schema = pf.metadata.schema
    leaves = [schema.column(i) for i in range(len(schema))]
    elements, stack, leaf_index = [], [], 0
    for line in str(schema).splitlines():
        if line.strip() == '}':
            stack.pop()
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        repetition, kind, _field_id, name, annotation, opener = m.groups()
        if not stack and opener == ' {':  # the root
            stack.append([])
            continue
        path = stack[-1] + [name]
        element = {'path': path, 'name': name, 'repetition': repetition.upper()}
        if opener == ' {':
            element.update(kind='group', annotation=annotation)
            stack.append(path)
        else:
            leaf = leaves[leaf_index]
            leaf_index += 1
            if leaf.path.split('.') != path and leaf.path != '.'.join(path):
                raise ValueError(f'schema text and ColumnSchema disagree: {path} vs {leaf.path}')
            element.update(
                kind='leaf', physicalType=leaf.physical_type, logicalType=json.loads(leaf.logical_type.to_json()),
                convertedType=leaf.converted_type, maxDefinitionLevel=leaf.max_definition_level,
                maxRepetitionLevel=leaf.max_repetition_level,
                length=leaf.length if leaf.physical_type == 'FIXED_LEN_BYTE_ARRAY' else None,
                precision=leaf.precision if leaf.converted_type == 'DECIMAL' else None,
                scale=leaf.scale if leaf.converted_type == 'DECIMAL' else None,
            )
        elements.append(element)
    if leaf_index != len(leaves):
        raise ValueError(f'parsed {leaf_index} leaves, pyarrow has {len(leaves)}')
    return elements


def _check_units(pf: pq.ParquetFile, table: pa.Table) -> None:
    """Top-level timestamps must come back in the Parquet column's own unit (INT96 as ns)."""
    schema = pf.metadata.schema
    units = {'milliseconds': 'ms', 'microseconds': 'us', 'nanoseconds': 'ns'}
    for i in range(len(schema)):
        col = schema.column(i)
        if '.' in col.path or col.path not in table.column_names:
            continue
        arrow_type = table.schema.field(col.path).type
        if not pa.types.is_timestamp(arrow_type):
            continue
        lt = json.loads(col.logical_type.to_json())
        want = 'ns' if col.physical_type == 'INT96' else units.get(lt.get('timeUnit'))
        if want is not None and arrow_type.unit != want:
            raise ValueError(f'pyarrow read {col.path} as {arrow_type}, the file stores {want}')


# ---------------------------------------------------------------------------------------------- DuckDB


def _duckdb() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute('SET threads=1')
    con.execute("SET TimeZone='UTC'")
    return con


def _jsonable(value):
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def duckdb_schema(con, path: str) -> list[dict]:
    cur = con.execute('SELECT * EXCLUDE (file_name) FROM parquet_schema(?)', [path])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, map(_jsonable, row), strict=True)) for row in cur.fetchall()]


def duckdb_codecs(con, path: str) -> list[str]:
    return sorted(r[0] for r in con.execute('SELECT DISTINCT compression FROM parquet_metadata(?)', [path]).fetchall())


def duckdb_rows(path: str) -> dict:
    con = _duckdb()
    reader = con.execute(
        'SELECT * EXCLUDE (file_row_number) FROM read_parquet(?, file_row_number = true) ORDER BY file_row_number',
        [path]).to_arrow_reader()
    table = reader.read_all()
    try:
        hints = pq.ParquetFile(path).schema_arrow
    except Exception:  # pyarrow may reject what DuckDB reads; render in DuckDB's own units then
        hints = None
    return {'file': path, 'reader': f'duckdb {duckdb.__version__}', 'numRows': table.num_rows,
            'rows': render_table(table, hints)}


# ------------------------------------------------------------------------------------------------ dump


def _text(b: bytes) -> str:
    return b.decode('utf-8', 'backslashreplace')


def dump(path: str, with_rows: bool = True) -> dict:
    with open(path, 'rb') as f:
        data = f.read()
    pf = pq.ParquetFile(path, coerce_int96_timestamp_unit='ns')
    md = pf.metadata
    raw = read_footer(data)
    chunks = []
    for rg in range(md.num_row_groups):
        for j in range(md.num_columns):
            col = md.row_group(rg).column(j)
            cmeta = raw[4][rg][1][j][3]
            if _enum(_TYPES, cmeta[1]) != col.physical_type:
                raise ValueError(f'footer decode disagrees with pyarrow on {col.path_in_schema}')
            chunks.append({'rowGroup': rg, 'path': col.path_in_schema, 'physicalType': col.physical_type,
                           'codec': _enum(_CODECS, cmeta[4]), 'encodings': list(col.encodings),
                           'numValues': col.num_values, **chunk_pages(data, cmeta)})
    con = _duckdb()
    doc = {
        'file': path,
        'readers': {'pyarrow': pa.__version__, 'duckdb': duckdb.__version__},
        'createdBy': md.created_by,
        'formatVersion': md.format_version,
        'numRows': md.num_rows,
        'rowGroups': md.num_row_groups,
        'rowGroupRows': [md.row_group(i).num_rows for i in range(md.num_row_groups)],
        'kv': {_text(k): _text(v) for k, v in (md.metadata or {}).items()},
        'codecs': sorted({c['codec'] for c in chunks}),
        'encodings': sorted({e for c in chunks for e in c['encodings']}),
        'pageTypes': sorted({p for c in chunks for p in c['pageTypes']}),
        'schema': pyarrow_schema(pf),
        'footerSchema': footer_schema(raw),
        'arrowSchema': pf.schema_arrow.remove_metadata().to_string(show_field_metadata=False),
        'columnChunks': chunks,
        'duckdbSchema': duckdb_schema(con, path),
        'duckdbCodecs': duckdb_codecs(con, path),
    }
    if with_rows:
        table = pf.read()
        _check_units(pf, table)
        doc['rows'] = render_table(table)
    return doc


def _failure(path: str, error: Exception) -> dict:
    try:
        _duckdb().execute('SELECT count(*) FROM read_parquet(?)', [path]).fetchall()
        duck = None
    except Exception as e:  # reported, not raised: the caller judges both readers' verdicts
        duck = f'{type(e).__name__}: {e}'
    return {'file': path, 'error': f'{type(error).__name__}: {error}', 'duckdbError': duck}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == 'dump':
        try:
            doc = dump(argv[1])
        except Exception as e:  # noqa: BLE001 - the verdict is the output
            print(json.dumps(_failure(argv[1], e), ensure_ascii=False))
            return 1
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    if argv and argv[0] == 'dump-many':
        rows = '--no-rows' not in argv
        docs = []
        for path in (a for a in argv[1:] if a != '--no-rows'):
            try:
                docs.append(dump(path, rows))
            except Exception as e:  # noqa: BLE001 - reported per file
                docs.append(_failure(path, e))
        print(json.dumps(docs, ensure_ascii=False))
        return 0
    if argv and argv[0] == 'duckdb-rows-many':
        docs = []
        for path in argv[1:]:
            try:
                docs.append(duckdb_rows(path))
            except Exception as e:  # noqa: BLE001 - reported per file
                docs.append({'file': path, 'error': f'{type(e).__name__}: {e}'})
        print(json.dumps(docs, ensure_ascii=False))
        return 0
    if len(argv) == 2 and argv[0] == 'duckdb-rows':
        try:
            doc = duckdb_rows(argv[1])
        except Exception as e:  # noqa: BLE001
            print(json.dumps({'file': argv[1], 'error': f'{type(e).__name__}: {e}'}, ensure_ascii=False))
            return 1
        print(json.dumps(doc, ensure_ascii=False))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
