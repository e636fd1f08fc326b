// End-to-end test of the packaged extension in VS Code: code-server serves
// the workbench on 127.0.0.1, headless Chromium (driven by playwright-core)
// opens a fixture, and the test checks what a user sees: the squiggles and
// the Problems count, the hover of a marker and of a diagnostic, where F12
// puts the cursor, that a killed server is restarted, and the message shown
// when the binary is missing.
//
//   node run.mjs --vsix ibid.vsix --ibid target/release/ibid --out target/editors/vscode-e2e
//
// code-server must be installed in ./node_modules (with Node 24). Every wait
// has a deadline; screenshots land in <out>/screenshots. With `--docs
// docs/images`, a passing run also writes the documentation's screenshots
// there, so that the pictures in the README are the ones this test took.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const { values: args } = parseArgs({
    options: {
        vsix: { type: "string" },
        ibid: { type: "string" },
        out: { type: "string" },
        chromium: { type: "string", default: "/usr/bin/chromium" },
        docs: { type: "string" },
    },
});
for (const name of ["vsix", "ibid", "out"]) {
    if (!args[name]) {
        throw new Error(`--${name} is required`);
    }
}
const vsix = path.resolve(args.vsix);
const ibid = path.resolve(args.ibid);
const out = path.resolve(args.out);
const shots = path.join(out, "screenshots");

/** Deadlines, in milliseconds. */
const STARTUP = 90_000; // code-server's first start compiles nothing, but is slow on 2 busy cores
const UI = 30_000; // a squiggle, a hover, a jump
const TOTAL = 300_000; // the whole test

const codeServer = path.join(here, "node_modules", ".bin", "code-server");
const fixture = path.join(repo, "editors", "tests", "fixtures", "rooftops.notes");

let passed = 0;
let failed = 0;
function check(name, got, want) {
    const ok = JSON.stringify(got) === JSON.stringify(want);
    if (ok) {
        passed++;
        console.log(`ok   ${name}`);
    } else {
        failed++;
        console.log(`FAIL ${name}\n       got:  ${JSON.stringify(got)}\n       want: ${JSON.stringify(want)}`);
    }
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

async function waitFor(what, predicate, timeout = UI) {
    const deadline = Date.now() + timeout;
    for (;;) {
        const value = await predicate();
        if (value) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** The pids of the `ibid` processes below `root` (the server the extension host started). */
function ibidServers(root) {
    const table = execFileSync("ps", ["-eo", "pid=,ppid=,comm="], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map((line) => line.trim().split(/\s+/))
        .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
    const below = new Set([root]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const p of table) {
            if (below.has(p.ppid) && !below.has(p.pid)) {
                below.add(p.pid);
                grew = true;
            }
        }
    }
    return table.filter((p) => below.has(p.pid) && p.comm === "ibid").map((p) => p.pid);
}

/** 1-based line and character column (what VS Code's status bar shows) of the
 * `nth` occurrence of `needle` in the fixture, plus `delta` characters. */
function where(text, needle, nth, delta = 0) {
    let at = -1;
    for (let i = 0; i < nth; i++) {
        at = text.indexOf(needle, at + 1);
        if (at < 0) {
            throw new Error(`${needle} occurs fewer than ${nth} times`);
        }
    }
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    // The status bar counts characters (code points): the emoji is one.
    const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1 + delta;
    return `Ln ${line}, Col ${column}`;
}

async function main() {
    fs.rmSync(out, { recursive: true, force: true });
    const userData = path.join(out, "user-data");
    const extensions = path.join(out, "extensions");
    const workspace = path.join(out, "workspace");
    for (const dir of [shots, path.join(userData, "User"), extensions, workspace]) {
        fs.mkdirSync(dir, { recursive: true });
    }
    fs.copyFileSync(fixture, path.join(workspace, "rooftops.notes"));
    fs.copyFileSync(path.join(path.dirname(fixture), "hedgerows.md"), path.join(workspace, "hedgerows.md"));
    const text = fs.readFileSync(fixture, "utf8");
    const settingsFile = path.join(userData, "User", "settings.json");
    const settings = {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.welcomePage.walkthroughs.openOnInstall": false,
        "workbench.colorTheme": "Default Dark Modern",
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "chat.disableAIFeatures": true,
        "git.openRepositoryInParentFolders": "never",
        "editor.minimap.enabled": false,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "editor.wordWrap": "on",
        "editor.fontSize": 15,
        "editor.hover.delay": 200,
        // Sent to the server: unused-note becomes an error.
        "ibid.rules.unused-note": "error",
    };
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

    // The server is found on PATH, as for most users. VS Code takes the
    // extension host's environment from a login shell, so PATH is set where
    // a user sets it: in the profile of a home folder of the test's own.
    const home = path.join(out, "home");
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, ".profile"), `PATH="${path.dirname(ibid)}:$PATH"\nexport PATH\n`);
    const env = {
        ...process.env,
        HOME: home,
        SHELL: "/bin/bash",
        PATH: `${path.dirname(ibid)}:${process.env.PATH}`,
        CS_DISABLE_FILE_DOWNLOADS: "1",
        // code-server writes its own config.yaml and logs here.
        XDG_CONFIG_HOME: path.join(out, "xdg-config"),
        XDG_DATA_HOME: path.join(out, "xdg-data"),
    };
    const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
    console.log(`installing ${vsix}`);
    execFileSync(codeServer, [...common, "--install-extension", vsix], { env, stdio: "inherit", timeout: STARTUP });

    const port = await freePort();
    const log = fs.openSync(path.join(out, "code-server.log"), "w");
    const server = spawn(
        codeServer,
        [
            ...common,
            "--bind-addr",
            `127.0.0.1:${port}`,
            "--auth",
            "none",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            "--ignore-last-opened",
            workspace,
        ],
        { env, stdio: ["ignore", log, log], detached: true },
    );
    const stopServer = () => {
        try {
            process.kill(-server.pid, "SIGTERM");
        } catch {
            // already gone
        }
    };
    process.on("exit", stopServer);

    const browser = await chromium.launch({
        executablePath: args.chromium,
        headless: true,
        args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    });
    let page;
    try {
        page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
        await waitFor(
            "code-server to answer",
            async () => {
                try {
                    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
                } catch {
                    return false;
                }
            },
            STARTUP,
        );
        await page.goto(url, { timeout: STARTUP });
        await page.locator(".monaco-workbench").waitFor({ timeout: STARTUP });

        // Open the fixture from the Explorer, as a user would.
        await page.getByRole("treeitem", { name: "rooftops.notes" }).click({ timeout: STARTUP });
        const editor = page.locator(".editor-instance .monaco-editor").first();
        await editor.locator(".view-line", { hasText: "ROOFTOP HIVES" }).waitFor({ timeout: UI });
        const mode = page.locator("#status\\.editor\\.mode");
        await waitFor("the language mode", async () => (await mode.innerText()).trim() === "Research notes").catch(() => {});
        check("language mode of a .notes file", (await mode.innerText()).trim(), "Research notes");

        // Diagnostics: a squiggle, and the Problems count in the status bar.
        await editor.locator(".squiggly-error").first().waitFor({ timeout: STARTUP });
        const problems = page.locator("#status\\.problems");
        // hedgerows.md is not open, but the server reports the workspace's
        // diagnostics too: its undefined footnote is the third error.
        await waitFor("3 errors and 2 warnings in the status bar", async () =>
            /^\D*3\D+2\D*$/.test(await problems.innerText()),
        );
        check("status bar problems (errors, warnings)", (await problems.innerText()).replace(/\D+/g, " ").trim(), "3 2");

        /** The `nth` token (1-based, in line order) whose text is `label`. */
        const token = async (label, nth) => {
            const spans = editor.locator(".view-line span span", { hasText: label });
            const boxes = [];
            for (const span of await spans.all()) {
                if ((await span.innerText()) === label) {
                    const box = await span.boundingBox();
                    if (box) {
                        boxes.push({ span, box });
                    }
                }
            }
            boxes.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
            if (boxes.length < nth) {
                throw new Error(`found ${boxes.length} tokens "${label}", wanted the ${nth}th`);
            }
            return boxes[nth - 1];
        };
        /** Runs a command from the command palette by its title. */
        const runCommand = async (title) => {
            await page.keyboard.press("F1");
            await page.locator(".quick-input-widget input").waitFor({ timeout: UI });
            await page.keyboard.type(title);
            await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: UI });
            await page.keyboard.press("Enter");
        };
        /** The box of the first occurrence of `needle` in the editor's
         * rendered lines, however the grammar split it into tokens. */
        const textBox = (needle) =>
            page.evaluate((needle) => {
                for (const line of document.querySelectorAll(".editor-instance .monaco-editor .view-line")) {
                    const nodes = [];
                    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {
                        nodes.push(walker.currentNode);
                    }
                    const text = nodes.map((n) => n.data).join("").replace(/\u00a0/g, " ");
                    const at = text.indexOf(needle);
                    if (at < 0) {
                        continue;
                    }
                    const locate = (offset) => {
                        for (const node of nodes) {
                            if (offset <= node.data.length) {
                                return [node, offset];
                            }
                            offset -= node.data.length;
                        }
                        return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
                    };
                    const range = document.createRange();
                    range.setStart(...locate(at));
                    range.setEnd(...locate(at + needle.length));
                    const r = range.getBoundingClientRect();
                    return { x: r.x, y: r.y, width: r.width, height: r.height };
                }
                return null;
            }, needle);
        /** Rests the mouse on the middle of the box that `locate` gives
         * until a hover shows, then returns its text. A user moves the mouse
         * again when no hover comes; the box is measured anew each time,
         * since inlay hints and code lenses that arrive late move the text. */
        const hoverOver = async (locate) => {
            const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content").first();
            const deadline = Date.now() + UI;
            for (let attempt = 0; ; attempt++) {
                const box = await locate();
                await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + (attempt % 2));
                try {
                    await hover.waitFor({ state: "visible", timeout: 5_000 });
                    break;
                } catch (error) {
                    if (Date.now() > deadline) {
                        throw error;
                    }
                    await page.mouse.move(5, 700);
                }
            }
            await waitFor("the hover's content", async () => (await hover.innerText()).trim() !== "" && !/Loading/.test(await hover.innerText()));
            return (await hover.innerText()).replace(/\s+/g, " ").trim();
        };
        const moveAway = async () => {
            await page.mouse.move(5, 700);
            await page.keyboard.press("Escape");
            await page.locator(".monaco-hover:not(.hidden)").first().waitFor({ state: "hidden", timeout: UI }).catch(() => {});
        };

        // Hover a marker after the emoji: the note's citation.
        check(
            "hover on marker [2]",
            await hoverOver(async () => (await token("[2]", 1)).box),
            "Note [2] Ines Falkner, Honey Above the Traffic, Urban Apiculture, 2020, 18 " +
                "Ibid. → note 1 → full citation Cited twice (notes 1, 2)",
        );
        await page.screenshot({ path: path.join(shots, "hover.png") });
        await moveAway();

        // Hover the undefined marker: the diagnostic's message.
        const diagnosticHover = await hoverOver(async () => (await token("[4]", 1)).box);
        check(
            "hover on the undefined marker [4] shows the diagnostic",
            diagnosticHover.includes("marker [4] refers to no note: add a note labelled 4 or remove the marker"),
            true,
        );
        await page.screenshot({ path: path.join(shots, "diagnostic-hover.png") });
        await moveAway();

        // F12 on marker [2]: the cursor goes to note [2]'s label.
        const selection = page.locator("#status\\.editor\\.selection");
        /** The status bar's cursor position, once it stopped changing. */
        const settledSelection = async () => {
            let last = await selection.innerText();
            let since = Date.now();
            await waitFor("the cursor position to settle", async () => {
                const now = await selection.innerText();
                if (now !== last) {
                    last = now;
                    since = Date.now();
                }
                return Date.now() - since > 600;
            });
            return last.trim();
        };
        const gotoDefinition = async (label, nth) => {
            const target = await token(label, nth);
            await page.mouse.click(target.box.x + target.box.width / 2, target.box.y + target.box.height / 2);
            const before = await settledSelection();
            await page.keyboard.press("F12");
            await waitFor(`the cursor to move from ${before}`, async () => (await selection.innerText()).trim() !== before);
            return settledSelection();
        };
        check("F12 on marker [2] goes to note [2]", await gotoDefinition("[2]", 1), where(text, "[2]", 2, 0));
        // F12 on note 1's label: back to the marker that first cites it,
        // whose column counts the curly quotes and the emoji (2 UTF-16 units).
        check("F12 on note [1] goes to marker [1]", await gotoDefinition("[1]", 2), where(text, "[1]", 1, 1));

        // The code lens over note [1] runs ibid.showReferences, a command
        // the server advertises and the extension answers itself: a peek at
        // the places that cite it.
        const lens = editor.locator(".codelens-decoration a", { hasText: "cited once" }).first();
        await lens.waitFor({ timeout: UI });
        await lens.click();
        const peek = page.locator(".peekview-widget").first();
        await peek.waitFor({ timeout: UI });
        const peekTitle = (await peek.locator(".peekview-title").innerText()).replace(/\s+/g, " ").trim();
        check("code lens 'cited once' peeks at one location", peekTitle.replace(/ \/.*\/workspace /, " "), "rooftops.notes Locations (1)");
        await page.screenshot({ path: path.join(shots, "code-lens.png") });
        await page.keyboard.press("Escape");
        await peek.waitFor({ state: "hidden", timeout: UI });

        // Problems panel, for the screenshot of the diagnostics.
        await page.keyboard.press("Control+Shift+M");
        const panel = page.locator(".markers-panel .monaco-list-row");
        await waitFor("the Problems panel rows", async () => (await panel.count()) >= 5);
        const rows = [];
        for (const row of await panel.all()) {
            const m = /ibid ([a-z-]+) \[Ln (\d+), Col (\d+)\]/.exec((await row.innerText()).replace(/\s+/g, " "));
            if (m) {
                const severity = (await row.locator(".codicon-error").count()) > 0 ? "error" : "warning";
                rows.push(`${severity} ${m[1]} ${m[2]}:${m[3]}`);
            }
        }
        // Columns here count UTF-16 units: the emoji before [^age] is two.
        check("Problems panel: severity, code, line and column of each diagnostic", rows, [
            "error undefined-note 3:96",
            "error undefined-note 11:69",
            "error unused-note 18:1",
            "warning empty-url 17:71",
            "warning note-order 18:1",
        ]);
        await page.screenshot({ path: path.join(shots, "diagnostics.png") });

        // The command palette: "ibid: Show Server Logs" shows where the
        // server was found.
        await runCommand("ibid: Show Server Logs");
        const output = page.locator(".output-view, .panel .monaco-editor").filter({ hasText: "ibid 0.1.0 at" }).first();
        await output.waitFor({ timeout: UI });
        // Monaco renders spaces as no-break spaces.
        const logLine = (await output.innerText()).replace(/\u00a0/g, " ").split("\n").find((line) => line.includes("ibid 0.1.0 at")) ?? "";
        check("server log: version, path and how it was found", logLine.replace(/^.*\] /, "").trim(), `ibid 0.1.0 at ${ibid} (from PATH)`);

        // A server that dies is restarted, and answers again.
        const [first] = await waitFor("the ibid server process", async () => {
            const pids = ibidServers(server.pid);
            return pids.length > 0 ? pids : undefined;
        });
        process.kill(first, "SIGKILL");
        const [second] = await waitFor("a restarted ibid server", async () => {
            const pids = ibidServers(server.pid).filter((pid) => pid !== first);
            return pids.length > 0 ? pids : undefined;
        });
        check("a killed server is restarted", second !== first, true);
        await moveAway();
        check(
            "the restarted server answers a hover",
            (await hoverOver(async () => (await token("[2]", 1)).box)).startsWith("Note [2]"),
            true,
        );
        await moveAway();

        // Markdown footnotes: the server attaches to Markdown documents too.
        await page.getByRole("treeitem", { name: "hedgerows.md" }).click({ timeout: UI });
        await editor.locator(".view-line", { hasText: "Notes on hedgerows" }).waitFor({ timeout: UI });
        await waitFor("the language mode", async () => (await mode.innerText()).trim() === "Markdown").catch(() => {});
        check("language mode of a .md file", (await mode.innerText()).trim(), "Markdown");
        await editor.locator(".squiggly-error").first().waitFor({ timeout: UI });
        check(
            "Markdown: hover on the undefined footnote [^age]",
            (await hoverOver(() => waitFor("the footnote [^age] on screen", () => textBox("[^age]")))).includes("marker [^age] refers to no note: add a note labelled age or remove the marker"),
            true,
        );
        await moveAway();

        // "ibid: Renumber Notes in Order of First Citation" on the notes:
        // note [6] becomes [5], closing the gap; 4 stays with the marker
        // [4], whose note is still to be written (renumbering never hands
        // that number to another note). Left: the undefined [4], the
        // unused [5] (an error by the setting), the empty URL and the
        // Markdown file's error.
        await page.getByRole("treeitem", { name: "rooftops.notes" }).click({ timeout: UI });
        await page.locator(".tabs-container .tab.active", { hasText: "rooftops.notes" }).waitFor({ timeout: UI });
        await runCommand("ibid: Renumber Notes in Order of First Citation");
        await waitFor("3 errors and 1 warning in the status bar", async () =>
            /^\D*3\D+1\D*$/.test(await problems.innerText()),
        );
        check("renumbering: the status bar's counts", (await problems.innerText()).replace(/\D+/g, " ").trim(), "3 1");
        // To the last note, to see it.
        await page.keyboard.press("Control+G");
        await page.locator(".quick-input-widget input").waitFor({ timeout: UI });
        await page.keyboard.type("18");
        await page.keyboard.press("Enter");
        const last = editor.locator(".view-line", { hasText: "Paul Dressler" });
        await last.waitFor({ timeout: UI });
        check("renumbering: the last note", (await last.innerText()).replace(/\u00a0/g, " ").slice(0, 17), "[5] Paul Dressler");
        await page.screenshot({ path: path.join(shots, "renumbered.png") });

        // A missing binary: set ibid.server.path in the Settings editor to a
        // file that does not exist; the extension restarts and says what to fix.
        await page.keyboard.press("Control+,");
        // The search box has the focus; it is an editor, so type into it.
        await page.locator(".settings-editor").waitFor({ timeout: UI });
        await page.keyboard.type("ibid.server.path");
        // In code-server the extension runs on the "remote" side, where a
        // machine-scoped setting lives in the Remote settings.
        await page.locator(".settings-editor .settings-tabs-widget .action-label", { hasText: "Remote" }).click({ timeout: UI });
        const input = page.locator('.settings-editor input[aria-label="ibid.server.path"]').first();
        await input.waitFor({ timeout: UI });
        await input.fill("/nonexistent/ibid");
        await input.press("Enter");
        const toast = page.locator(".notifications-toasts .notification-list-item-message");
        await waitFor("the missing-binary message", async () =>
            (await toast.allInnerTexts()).some((t) => t.includes("/nonexistent/ibid")),
        );
        const message = (await toast.allInnerTexts()).find((t) => t.includes("/nonexistent/ibid"));
        check(
            "message when ibid.server.path names no binary",
            message.replace(/\s+/g, " ").trim(),
            'The ibid server was not found at "/nonexistent/ibid" (the setting ibid.server.path), or it cannot be run. Correct the setting, or clear it to use ibid from PATH.',
        );
        await page.screenshot({ path: path.join(shots, "missing-binary.png") });
    } catch (error) {
        await page?.screenshot({ path: path.join(shots, "failure.png") }).catch(() => {});
        throw error;
    } finally {
        await browser.close();
        stopServer();
    }
}

const timer = setTimeout(() => {
    console.log(`FAIL the test did not finish within ${TOTAL / 1000} s`);
    process.exit(1);
}, TOTAL);
try {
    await main();
} catch (error) {
    failed++;
    console.log(`FAIL ${error.stack ?? error}`);
}
clearTimeout(timer);
console.log(`vscode e2e: ${passed} passed, ${failed} failed`);
console.log(`screenshots and code-server.log in ${out}`);
/** The documentation's screenshots, by the test's names for them. */
const DOC_IMAGES = { "hover.png": "vscode-hover.png", "diagnostics.png": "vscode-diagnostics.png" };
if (args.docs && failed === 0) {
    for (const [shot, image] of Object.entries(DOC_IMAGES)) {
        fs.copyFileSync(path.join(shots, shot), path.join(path.resolve(args.docs), image));
    }
    console.log(`documentation screenshots written to ${args.docs}`);
}
process.exit(failed > 0 ? 1 : 0);
