/**
 * A per-caller budget of estimated cost points per minute (fixed one-minute windows).
 * Kept in memory per replica: with N replicas a caller may spend up to N budgets, which is the
 * trade-off for not paying a database round trip per request.
 */
export class CostBudget {
  private readonly windows = new Map<string, { windowStart: number; spent: number }>();

  constructor(
    readonly pointsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends `points` if they fit in the caller's current window; returns what remains either way. */
  take(caller: string, points: number): { allowed: boolean; remaining: number; resetInSeconds: number } {
    const now = this.now();
    const windowStart = now - (now % 60_000);
    let window = this.windows.get(caller);
    if (!window || window.windowStart !== windowStart) {
      window = { windowStart, spent: 0 };
      this.windows.set(caller, window);
      if (this.windows.size > 10_000) this.evictOld(windowStart);
    }
    const resetInSeconds = Math.ceil((windowStart + 60_000 - now) / 1000);
    if (window.spent + points > this.pointsPerMinute) {
      return { allowed: false, remaining: this.pointsPerMinute - window.spent, resetInSeconds };
    }
    window.spent += points;
    return { allowed: true, remaining: this.pointsPerMinute - window.spent, resetInSeconds };
  }

  private evictOld(currentWindow: number): void {
    for (const [caller, window] of this.windows) if (window.windowStart !== currentWindow) this.windows.delete(caller);
  }
}
