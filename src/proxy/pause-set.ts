/**
 * Reads on a socket are paused while at least one named reason holds, and resumed when the
 * last reason is removed. Keeps backpressure sources independent of each other.
 */
export class PauseSet {
  private readonly reasons = new Set<string>();

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  add(reason: string): void {
    if (this.reasons.has(reason)) return;
    this.reasons.add(reason);
    if (this.reasons.size === 1) this.pause();
  }

  remove(reason: string): void {
    if (!this.reasons.delete(reason)) return;
    if (this.reasons.size === 0) this.resume();
  }

  has(reason: string): boolean {
    return this.reasons.has(reason);
  }
}
