/** Every user mistake: exit 2, one clear message naming the option, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

const table = mkdtempSync(path.join(tmpdir(), 'lr-usage-'));
const configWithUnknownKey = path.join(table, '..', `lr-config-${process.pid}.json`);
writeFileSync(configWithUnknownKey, JSON.stringify({ 'time-feild': 'ts' }));
const configNotJson = path.join(table, '..', `lr-config-bad-${process.pid}.json`);
writeFileSync(configNotJson, '{ "layout": ');

const cases: [string, string[], Record<string, string>, RegExp][] = [
  ['unknown option', ['plan', table, '--nope'], {}, /Unknown option --nope/],
  ['unknown command', ['replan', table], {}, /Unknown command "replan": expected one of plan, apply/],
  ['missing table root', ['plan'], {}, /Expected a table root after "plan"/],
  ['table root that does not exist', ['plan', path.join(table, 'missing')], {}, /Table root not found/],
  ['bad layout token', ['plan', table, '--layout', 'dt={yyyy}-{MM}-{dd}/h={QQ}'], {}, /--layout/],
  ['layout without a day', ['plan', table, '--layout', 'y={yyyy}/h={HH}'], {}, /--layout/],
  ['unknown partition zone', ['plan', table, '--partition-tz', 'Mars/Base'], {}, /--partition-tz.*Mars\/Base/],
  ['unknown timestamp zone', ['plan', table, '--timestamp-tz', 'Nowhere/Land'], {}, /--timestamp-tz/],
  ['bad time format pattern', ['plan', table, '--time-format', 'dd/MMM/QQQQ'], {}, /--time-format/],
  ['--from after --to', ['plan', table, '--from', '2020-04-21', '--to', '2020-04-20'], {}, /--from \(2020-04-21\) to be before --to \(2020-04-20\)/],
  ['unparseable --from', ['plan', table, '--from', 'yesterday'], {}, /--from/],
  ['--since with --from', ['plan', table, '--since', '6h', '--from', '2020-04-20'], {}, /either --since .* or --from\/--to/],
  ['zero concurrency', ['plan', table, '--concurrency', '0'], {}, /Expected --concurrency to be a whole number from 1 and up, got "0"/],
  ['bad duration', ['plan', table, '--max-lag', 'a week'], {}, /--max-lag/],
  ['bad report format', ['plan', table, '--report', 'pdf'], {}, /Expected --report to be one of text, json, markdown, got "pdf"/],
  ['bad env var', ['plan', table], { REPARTITION_CONCURRENCY: 'many' }, /Expected REPARTITION_CONCURRENCY to be a whole number/],
  ['quiet and verbose', ['plan', table, '--quiet', '--verbose'], {}, /at most one of --quiet and --verbose/],
  ['config file with unknown key', ['plan', table, '--config', configWithUnknownKey], {}, /Unknown option "time-feild" in the config file/],
  ['config file that is not JSON', ['plan', table, '--config', configNotJson], {}, /is not valid JSON/],
  ['missing config file', ['plan', table, '--config', path.join(table, 'none.json')], {}, /Cannot read the config file/],
  ['empty time field path segment', ['plan', table, '--time-field', 'meta..ts'], {}, /--time-field/],
  ['missing option value', ['plan', table, '--layout'], {}, /Expected a value after --layout/],
  ['s3 root without a bucket', ['plan', 's3:///logs/app/'], {}, /Expected <table-root> to name a bucket \(s3:\/\/bucket\/prefix\/\)/],
  ['s3a root', ['plan', 's3a://bucket/logs/app/'], {}, /Expected an s3:\/\/ URI for <table-root>/],
  ['endpoint that is not http(s)', ['plan', 's3://bucket/logs/app/', '--endpoint-url', 'ftp://x'], {}, /Expected --endpoint-url to be an http:\/\/ or https:\/\/ URL/],
  ['AWS_ENDPOINT_URL that is not a URL', ['plan', 's3://bucket/logs/app/'], { AWS_ENDPOINT_URL: 'localhost:9000' }, /Expected --endpoint-url to be an http/],
  ['local state prefix for an S3 table', ['apply', 's3://bucket/logs/app/', '--state-prefix', '/tmp/state'], {}, /same kind of store as the table/],
  ['S3 state prefix inside the partitions', ['apply', 's3://bucket/logs/app/', '--state-prefix', 's3://bucket/logs/app/state/'], {}, /outside the table's partitions/],
];

describe('usage errors', () => {
  test.each(cases)('%s → exit 2 with a clear message', async (_name, argv, env, message) => {
    const result = await runCli(argv, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^repartition: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe('');
  });

  test('precedence: flag over env over config file', async () => {
    const config = path.join(table, '..', `lr-config-prec-${process.pid}.json`);
    writeFileSync(config, JSON.stringify({ concurrency: 'zero-from-file' }));
    // The file's bad value is hidden by the env var, which is hidden by the flag.
    expect((await runCli(['plan', table, '--config', config])).stderr).toMatch(/"concurrency" in .*config/);
    expect((await runCli(['plan', table, '--config', config], { REPARTITION_CONCURRENCY: 'x' })).stderr).toMatch(/REPARTITION_CONCURRENCY/);
    const ok = await runCli(['plan', table, '--config', config, '--concurrency', '2', '--report', 'json'], { REPARTITION_CONCURRENCY: 'x' });
    expect(ok.code).toBe(0);
  });

  test('--help lists every option with its env var; --version prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--time-field VALUE/);
    expect(help.stdout).toMatch(/REPARTITION_TIME_FIELD/);
    expect((await runCli(['--version'])).stdout).toMatch(/^repartition \d+\.\d+\.\d+\n$/);
  });
});
