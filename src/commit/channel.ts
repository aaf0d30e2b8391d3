/**
 * A one-consumer async queue whose producer can wait until the consumer has caught up: the
 * consumer asked for the next item with nothing left to take, so it is done with every earlier
 * one. The Parquet commit path feeds one source row group to several encoders this way and
 * releases it only when all of them have copied out their rows (bounded memory).
 */
export class Channel<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #closed = false;
  #waiting: ((result: IteratorResult<T, undefined>) => void) | null = null;
  #caughtUp: (() => void)[] = [];

  push(item: T): void {
    if (this.#closed) throw new Error('Channel: push after close');
    const waiting = this.#waiting;
    if (waiting === null) {
      this.#items.push(item);
      return;
    }
    this.#waiting = null;
    waiting({ value: item, done: false });
  }

  /** No more items: the consumer's loop ends once it has taken what is queued. */
  close(): void {
    this.#closed = true;
    const waiting = this.#waiting;
    if (waiting !== null && this.#items.length === 0) {
      this.#waiting = null;
      waiting({ value: undefined, done: true });
    }
  }

  /** Resolves when the consumer waits for an item with none queued. Never resolves if it stopped consuming: race it with the consumer. */
  caughtUp(): Promise<void> {
    if (this.#waiting !== null && this.#items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#caughtUp.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: () => {
        if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift()!, done: false });
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        const next = new Promise<IteratorResult<T, undefined>>((resolve) => (this.#waiting = resolve));
        const caughtUp = this.#caughtUp;
        this.#caughtUp = [];
        for (const resolve of caughtUp) resolve();
        return next;
      },
    };
  }
}
