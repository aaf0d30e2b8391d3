import { expect, test } from 'vitest';
import { compileDateFormat, isProjected, projectionVisibility, readProjection } from '../../src/catalog/projection.js';

const NOW = Date.UTC(2020, 3, 21, 12, 30); // 2020-04-21T12:30Z

test('projection.enabled is read case-insensitively', () => {
  expect(isProjected({ 'projection.enabled': 'TRUE' })).toBe(true);
  expect(isProjected({ 'projection.enabled': 'false' })).toBe(false);
  expect(isProjected({})).toBe(false);
});

test('date projection with a template (Firehose layout)', () => {
  const projection = readProjection(
    {
      'projection.enabled': 'true',
      'projection.datehour.type': 'date',
      'projection.datehour.format': 'yyyy/MM/dd/HH',
      'projection.datehour.range': '2020/04/01/00,NOW',
      'projection.datehour.interval': '1',
      'projection.datehour.interval.unit': 'HOURS',
      'storage.location.template': 's3://b/logs/${datehour}/',
    },
    ['datehour'],
    's3://b/logs/',
  );
  expect(projectionVisibility(projection, 's3://b/logs/2020/04/20/13/', NOW)).toEqual({ visible: true });
  expect(projectionVisibility(projection, 's3://b/logs/2020/04/21/12/', NOW)).toEqual({ visible: true });
  const future = projectionVisibility(projection, 's3://b/logs/2020/04/21/13/', NOW);
  expect(future.visible).toBe(false);
  expect(!future.visible && future.reason).toMatch(/outside projection.datehour.range/);
  const before = projectionVisibility(projection, 's3://b/logs/2020/03/31/23/', NOW);
  expect(before.visible).toBe(false);
  const elsewhere = projectionVisibility(projection, 's3://b/other/2020/04/20/13/', NOW);
  expect(!elsewhere.visible && elsewhere.reason).toMatch(/does not match the projection's location template/);
});

test('Hive paths without a template; integer, enum and injected columns', () => {
  const projection = readProjection(
    {
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': 'NOW-1YEARS,NOW',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
    },
    ['dt', 'hour'],
    's3://b/t',
  );
  expect(projectionVisibility(projection, 's3://b/t/dt=2020-04-20/hour=07/', NOW)).toEqual({ visible: true });
  expect(projectionVisibility(projection, 's3://b/t/dt=2020-04-20/hour=7/', NOW).visible).toBe(false);
  expect(projectionVisibility(projection, 's3://b/t/dt=2019-04-20/hour=07/', NOW).visible).toBe(false);
  expect(projectionVisibility(projection, 's3://b/t/dt=2019-04-22/hour=07/', NOW).visible).toBe(true);

  const other = readProjection(
    { 'projection.region.type': 'enum', 'projection.region.values': 'eu,us', 'projection.app.type': 'injected', 'storage.location.template': 's3://b/${app}/${region}/' },
    ['app', 'region'],
    's3://b/',
  );
  expect(projectionVisibility(other, 's3://b/anything/eu/', NOW).visible).toBe(true);
  expect(projectionVisibility(other, 's3://b/anything/ap/', NOW).visible).toBe(false);
});

test('anything this version cannot evaluate counts as not visible, with the reason', () => {
  const projection = readProjection({ 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd EEE', 'projection.dt.range': '2020-01-01,NOW' }, ['dt'], 's3://b/t');
  const result = projectionVisibility(projection, 's3://b/t/dt=2020-04-20/', NOW);
  expect(!result.visible && result.reason).toMatch(/cannot check/);
  const untyped = readProjection({}, ['dt'], 's3://b/t');
  expect(projectionVisibility(untyped, 's3://b/t/dt=2020-04-20/', NOW).visible).toBe(false);
});

test('date formats read exactly: no roll-over of impossible dates', () => {
  const format = compileDateFormat("yyyy-MM-dd'T'HH")!;
  expect(format.parse('2020-04-20T13')).toBe(Date.UTC(2020, 3, 20, 13));
  expect(format.parse('2020-02-30T13')).toBeNull();
  expect(format.parse('2020-04-20T24')).toBeNull();
  expect(format.parse('2020-04-20 13')).toBeNull();
  expect(compileDateFormat('yyyy-ww')).toBeNull();
});
