/** `--help` text, derived from the options table. */
import { COMMANDS, OPTIONS, envVarOf } from './options.js';

const USAGE = `repartition: move late log records into the partition of their event time

Usage:
  repartition plan   <table-root> [options]   dry run: scan and report, change nothing
  repartition apply  <table-root> [options]   recover unfinished runs, then plan and move
  repartition verify <table-root> [options]   exit 4 if late records remain
  repartition status <table-root>             lock, runs, backups
  repartition repair <table-root> --catalog …  register partitions that hold data but are missing from the catalog

<table-root> is a local folder (./data/app, file:///data/app) or s3://bucket/prefix/.
S3 credentials and region come from the AWS default chain (AWS_PROFILE, AWS_REGION, task role).

Exit codes: 0 ok, 1 failure, 2 usage error, 3 done with objects skipped (unreadable, unsupported or conflicting),
4 late records remain (verify), 75 locked by another run (apply), 143/130 apply stopped by SIGTERM/SIGINT.
`;

export function helpText(topic?: string): string {
  const command = COMMANDS.find((c) => c === topic);
  const rows = OPTIONS.filter((spec) => command === undefined || spec.commands.includes(command)).map((spec) => {
    const flag = `--${spec.name}${spec.type.kind === 'boolean' ? '' : ' VALUE'}${spec.short ? `, -${spec.short}` : ''}`;
    const def = spec.default !== undefined && spec.type.kind !== 'boolean' ? ` [default: ${spec.default}]` : '';
    return `  ${flag.padEnd(26)} ${spec.help}${def}\n  ${''.padEnd(26)} env ${envVarOf(spec)}`;
  });
  return `${USAGE}\nOptions (also settable as env vars and in --config FILE; flags win over env, env over the file):\n${rows.join('\n')}\n`;
}
