/** The queue that feeds one source row group to several Parquet encoders (routeParquet.ts). */
import { describe, expect, test } from 'vitest';
import { Channel } from '../../src/commit/channel.js';

describe('Channel', () => {
  test('delivers items in order and ends after close', async () => {
    const channel = new Channel<number>();
    channel.push(1);
    channel.push(2);
    channel.close();
    const seen: number[] = [];
    for await (const n of channel) seen.push(n);
    expect(seen).toEqual([1, 2]);
  });

  test('caughtUp resolves only once the consumer has finished with every item and asks for more', async () => {
    const channel = new Channel<number>();
    const processed: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = (async () => {
      for await (const n of channel) {
        if (n === 2) await gate; // the consumer is still busy with item 2
        processed.push(n);
      }
    })();
    channel.push(1);
    await channel.caughtUp();
    expect(processed).toEqual([1]);
    channel.push(2);
    let caughtUp = false;
    const waiting = channel.caughtUp().then(() => (caughtUp = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(caughtUp).toBe(false);
    release();
    await waiting;
    expect(processed).toEqual([1, 2]);
    channel.close();
    await consumer;
  });

  test('push after close is a bug and throws', () => {
    const channel = new Channel<number>();
    channel.close();
    expect(() => channel.push(1)).toThrow(/after close/);
  });
});
