/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32),
 * so the demo data and the benchmark data are the same on every machine and
 * Node version for the same seed. Not for anything secret.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // The first outputs of sfc32 still show the seed; discard them.
    for (let round = 0; round < 12; round += 1) {
      this.next();
    }
  }

  /** Draws a number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4_294_967_296;
  }

  /** Draws an integer from `min` to `max`, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `probability` (0 to 1). */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new RangeError('Cannot pick from an empty list');
    }
    return item;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let threshold = this.next() * total;
    for (const [value, weight] of choices) {
      threshold -= weight;
      if (threshold < 0) {
        return value;
      }
    }
    const last = choices.at(-1);
    if (!last) {
      throw new RangeError('Cannot pick from an empty list');
    }
    return last[0];
  }

  /** Draws a log-normal value with the given median. `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return median * Math.exp(sigma * normal);
  }

  /** Draws a string of `length` random decimal digits. */
  digits(length: number): string {
    let text = '';
    for (let index = 0; index < length; index += 1) {
      text += String(this.integer(0, 9));
    }
    return text;
  }
}
