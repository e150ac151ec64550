/** Strings numbered in the order first seen (people, questions): the index of packed per-person and per-question arrays. */
export class Interner {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];

  /** The number of `s`, giving it the next one when new. */
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** The number of `s`, or undefined when it was never seen. */
  find(s: string): number | undefined {
    return this.index.get(s);
  }

  get size(): number {
    return this.values.length;
  }
}
