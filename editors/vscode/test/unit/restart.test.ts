// When a server that died is restarted.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { MAX_RESTARTS, RestartBudget, RESTART_WINDOW_MS } from "../../src/restart";

describe("RestartBudget", () => {
    it("restarts up to the limit within the window, then stops", () => {
        let now = 0;
        const budget = new RestartBudget(3, 60_000, () => now);
        const answers = [];
        for (let i = 0; i < 5; i++) {
            answers.push(budget.exited());
            now += 1_000;
        }
        assert.deepEqual(answers, [true, true, true, false, false]);
    });

    it("forgets exits older than the window", () => {
        let now = 0;
        const budget = new RestartBudget(2, 60_000, () => now);
        assert.equal(budget.exited(), true);
        now = 30_000;
        assert.equal(budget.exited(), true);
        now = 61_000;
        assert.equal(budget.exited(), true, "the first exit left the window");
        now = 62_000;
        assert.equal(budget.exited(), false);
    });

    it("starts afresh when the user restarts the server", () => {
        const budget = new RestartBudget(1, 60_000, () => 0);
        assert.equal(budget.exited(), true);
        assert.equal(budget.exited(), false);
        budget.reset();
        assert.equal(budget.exited(), true);
    });

    it("defaults to 5 restarts in 3 minutes", () => {
        assert.equal(MAX_RESTARTS, 5);
        assert.equal(RESTART_WINDOW_MS, 180_000);
    });
});
