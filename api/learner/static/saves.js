// Autosave that loses no answer: every change is queued in localStorage before it is sent, sent one at a time
// in the order made, each with its question's increasing sequence number, and removed only once the server
// has acknowledged it. A failed send is retried with backoff (at once when the browser says it is online
// again); a reload or a later visit finds the queue and sends what is left. The server refuses a seq older
// than the one it holds (409 stale-save), so a replayed answer never overwrites a newer one: a replayed
// answer refused so is dropped. An answer given on this page since it loaded is the learner's latest action
// even when another device saved the question meanwhile, so it is sent again above the server's seq.

const MAX_DELAY_MS = 8000;

export class SaveQueue {
  /**
   * send(entry) -> Promise: PUT the entry ({position, response, seq}); rejects with ApiProblem/NetworkError.
   * onState(position, state, detail): "saving", "saved", "retrying" (failed; sent again soon), "rejected".
   * onSeq(position, seq): a live answer is sent again with this seq, above the one another device stored.
   * onStale(position): the server holds a newer answer (another device); onClosed(problem): the attempt is
   * closed (submitted, timed out); onUnauthorized(problem): the token is no longer accepted.
   */
  constructor({ attemptId, send, onState, onSeq, onStale, onClosed, onUnauthorized, storage = window.localStorage }) {
    this.key = `assess.pending.${attemptId}`;
    this.send = send;
    this.onState = onState;
    this.onSeq = onSeq;
    this.onStale = onStale;
    this.onClosed = onClosed;
    this.onUnauthorized = onUnauthorized;
    this.storage = storage;
    this.entries = this.load();
    this.running = false;
    this.stopped = false;
    this.failures = 0;
    this.wake = null;
    this.idle = [];
    window.addEventListener("online", () => this.retryNow());
  }

  load() {
    try {
      const stored = JSON.parse(this.storage.getItem(this.key) || "[]");
      // What an earlier page left is a replay, not this page's learner acting now.
      return Array.isArray(stored) ? stored.map(({ position, response, seq }) => ({ position, response, seq })) : [];
    } catch {
      return [];
    }
  }

  persist() {
    if (this.entries.length) this.storage.setItem(this.key, JSON.stringify(this.entries));
    else this.storage.removeItem(this.key);
  }

  /** The newest unacknowledged answer of a question, if any. */
  pending(position) {
    return this.entries.find((entry) => entry.position === position) || null;
  }

  /** Drop what the server already holds (its seq is as new or newer): after a reload, before sending. */
  reconcile(serverSeqs) {
    this.entries = this.entries.filter((entry) => entry.seq > (serverSeqs.get(entry.position) ?? 0));
    this.persist();
  }

  enqueue(position, response, seq) {
    // Only the newest answer of a question is worth sending; it keeps its place at the end of the line.
    this.entries = this.entries.filter((entry) => entry.position !== position);
    this.entries.push({ position, response, seq, live: true });
    this.persist();
    this.onState(position, "saving");
    this.kick();
  }

  retryNow() {
    if (this.wake) this.wake();
    this.kick();
  }

  stop() {
    this.stopped = true;
    if (this.wake) this.wake();
  }

  /** Resolves once nothing is left to send (at once when the queue is empty). */
  whenIdle() {
    if (!this.entries.length) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  settle(entry) {
    this.entries = this.entries.filter((other) => !(other.position === entry.position && other.seq === entry.seq));
    this.persist();
  }

  async kick() {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (this.entries.length && !this.stopped) {
        const entry = this.entries[0];
        try {
          await this.send(entry);
          this.failures = 0;
          this.settle(entry);
          if (!this.pending(entry.position)) this.onState(entry.position, "saved");
        } catch (problem) {
          if (problem.transient) {
            this.failures += 1;
            this.onState(entry.position, "retrying", problem.message);
            await this.pause(Math.min(MAX_DELAY_MS, 500 * 2 ** (this.failures - 1)) * (0.75 + Math.random() / 2));
          } else if (problem.status === 409 && problem.type === "/problems/stale-save") {
            const current = Number(problem.headers && problem.headers.get("X-Current-Seq"));
            if (entry.live && Number.isInteger(current) && this.entries[0] === entry) {
              entry.seq = current + 1; // sent again next, above what the other device stored
              this.persist();
              this.onSeq(entry.position, entry.seq);
            } else {
              this.settle(entry);
              this.onState(entry.position, "saved");
              this.onStale(entry.position);
            }
          } else if (problem.status === 410 || (problem.status === 409 && problem.type === "/problems/attempt-closed")) {
            this.entries = [];
            this.persist();
            this.stop();
            this.onClosed(problem);
          } else if (problem.status === 401) {
            this.stop(); // kept: sent again when the page is opened with a fresh link
            this.onUnauthorized(problem);
          } else {
            this.settle(entry);
            this.onState(entry.position, "rejected", problem.message);
          }
        }
      }
    } finally {
      this.running = false;
    }
    if (!this.entries.length) for (const resolve of this.idle.splice(0)) resolve();
  }

  pause(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
