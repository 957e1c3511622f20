// The countdown of a timed attempt. The server's clock is the only clock: the page reads the seconds left
// from GET /attempts/{id}/clock and counts down from that reading with the browser's monotonic timer (never
// its wall clock, which may be wrong), reading again every half minute, when the tab comes back into view,
// and when the network returns, so an accommodation that moves the deadline shows at once.

const RESYNC_MS = 30000;
export const WARNINGS = [5 * 60, 60]; // seconds left at which the learner is warned, once each

export class Countdown {
  /** read() -> Promise<clock payload>; onTick(secondsLeft); onWarning(secondsThreshold); onExpired(clock). */
  constructor({ read, onTick, onWarning, onExpired }) {
    this.read = read;
    this.onTick = onTick;
    this.onWarning = onWarning;
    this.onExpired = onExpired;
    this.reading = null;
    this.warned = new Set();
    this.expired = false;
    this.closing = false;
    this.timers = [];
  }

  async start() {
    await this.sync();
    this.timers.push(setInterval(() => this.tick(), 1000));
    this.timers.push(setInterval(() => this.sync(), RESYNC_MS));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.sync();
    });
    window.addEventListener("online", () => this.sync());
  }

  stop() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  async sync() {
    try {
      const clock = await this.read();
      this.reading = { clock, at: performance.now() };
      if (clock.state !== "in_progress") {
        this.finish(clock);
        return;
      }
      this.tick();
    } catch {
      // Offline: keep counting from the last reading; the next sync corrects it.
    }
  }

  elapsed() {
    return Math.floor((performance.now() - this.reading.at) / 1000);
  }

  /** Seconds left by the last reading of the server's clock, counted down since. */
  remaining() {
    if (!this.reading || this.reading.clock.remaining_seconds == null) return null;
    return Math.max(0, this.reading.clock.remaining_seconds - this.elapsed());
  }

  /** Seconds until the server scores the attempt as saved (the deadline plus any grace). */
  closesIn() {
    if (!this.reading || this.reading.clock.closes_in_seconds == null) return null;
    return Math.max(0, this.reading.clock.closes_in_seconds - this.elapsed());
  }

  tick() {
    const left = this.remaining();
    if (left == null || this.expired) return;
    this.onTick(left);
    for (const threshold of WARNINGS) {
      if (left <= threshold && left > 0 && !this.warned.has(threshold)) {
        // Crossing several thresholds at once (a late reading) warns of the nearest only.
        for (const larger of WARNINGS) if (larger >= threshold) this.warned.add(larger);
        this.onWarning(threshold, left);
      }
    }
    if (left === 0) this.waitForClose();
  }

  waitForClose() {
    if (this.closing) return;
    this.closing = true;
    this.onTick(0);
    const wait = ((this.closesIn() ?? 0) + 1) * 1000; // the server closes it after the grace: read it then
    setTimeout(async () => {
      this.closing = false;
      await this.sync();
    }, wait);
  }

  finish(clock) {
    if (this.expired) return;
    this.expired = true;
    this.stop();
    this.onExpired(clock);
  }
}

/** "12:05" (or "1:02:05" past an hour): the clock's own reading, for sighted users. */
export function formatClock(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** "5 minutes", "1 minute 30 seconds": the same, spoken. */
export function spokenDuration(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (s || !m) parts.push(`${s} second${s === 1 ? "" : "s"}`);
  return parts.join(" ");
}
