// When to restart a server that stopped. Nothing here imports `vscode`.

/** A server that stops this often within the window is left stopped: it
 * would most likely crash again on the same document. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Counts the server's unexpected exits; allows a restart while fewer than
 * `max` happened in the last `windowMs` milliseconds. */
export class RestartBudget {
    private exits: number[] = [];

    constructor(
        readonly max: number = MAX_RESTARTS,
        readonly windowMs: number = RESTART_WINDOW_MS,
        private readonly now: () => number = Date.now,
    ) {}

    /** Records an exit; true when the server may be restarted. */
    exited(): boolean {
        const now = this.now();
        this.exits = this.exits.filter((t) => now - t < this.windowMs);
        this.exits.push(now);
        return this.exits.length <= this.max;
    }

    /** Forgets past exits (the user restarted the server). */
    reset(): void {
        this.exits = [];
    }
}
