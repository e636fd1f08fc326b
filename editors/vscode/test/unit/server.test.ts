// Finding the server and checking its version, with real files and
// processes in a temporary folder.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

import {
    checkVersion,
    compareVersions,
    MIN_SERVER_VERSION,
    parseVersion,
    queryVersion,
    resolveServerPath,
} from "../../src/server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ibid-vscode-test-"));
after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fake `ibid` that prints `output` for `--version`. */
function fakeIbid(dir: string, output: string, mode = 0o755): string {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "ibid");
    fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' '${output}'\n`, { mode });
    return file;
}

const unix = { platform: "linux" as const, home: "/home/reader" };

describe("resolveServerPath", () => {
    const onPath = fakeIbid(path.join(tmp, "bin"), "ibid 0.1.0");
    const other = fakeIbid(path.join(tmp, "other"), "ibid 0.2.0");
    fakeIbid(path.join(tmp, "noexec"), "ibid 0.1.0", 0o644);

    it("takes the setting first", () => {
        assert.deepEqual(
            resolveServerPath({ ...unix, configured: other, env: { PATH: path.dirname(onPath) } }),
            { ok: true, path: other, source: "setting" },
        );
    });

    it("takes a relative setting from the workspace folder", () => {
        assert.deepEqual(
            resolveServerPath({ ...unix, configured: "other/ibid", workspaceFolder: tmp, env: {} }),
            { ok: true, path: other, source: "setting" },
        );
    });

    it("expands ~ in the setting", () => {
        assert.deepEqual(
            resolveServerPath({ ...unix, home: tmp, configured: "~/other/ibid", env: {} }),
            { ok: true, path: other, source: "setting" },
        );
    });

    it("says which setting is wrong when its file is missing or not executable", () => {
        for (const configured of [path.join(tmp, "missing", "ibid"), path.join(tmp, "noexec", "ibid")]) {
            const found = resolveServerPath({ ...unix, configured, env: { PATH: path.dirname(onPath) } });
            if (found.ok) {
                assert.fail(`found ${found.path}`);
            }
            assert.match(found.message, /not found at ".*" \(the setting ibid\.server\.path\)/);
        }
    });

    it("looks on PATH, skipping folders without an executable ibid", () => {
        const PATH = [path.join(tmp, "noexec"), "", path.join(tmp, "nothing"), path.dirname(onPath)].join(":");
        assert.deepEqual(resolveServerPath({ ...unix, configured: "", env: { PATH } }), {
            ok: true,
            path: onPath,
            source: "PATH",
        });
    });

    it("falls back to ~/.cargo/bin", () => {
        const cargo = fakeIbid(path.join(tmp, "home", ".cargo", "bin"), "ibid 0.1.0");
        assert.deepEqual(
            resolveServerPath({ ...unix, home: path.join(tmp, "home"), configured: " ", env: { PATH: "/nonexistent" } }),
            { ok: true, path: cargo, source: "cargo" },
        );
    });

    it("tells how to install when ibid is nowhere", () => {
        const found = resolveServerPath({ ...unix, home: tmp, configured: "", env: { PATH: "/nonexistent" } });
        assert.deepEqual(found, {
            ok: false,
            message:
                "The ibid server was not found on PATH. Install it (`cargo install --path .` in the " +
                "ibid repository), or set ibid.server.path to the binary.",
        });
    });

    it("looks for ibid.exe along a Windows Path", () => {
        const seen: string[] = [];
        resolveServerPath({
            platform: "win32",
            home: "C:\\Users\\reader",
            configured: "",
            env: { Path: "C:\\tools;D:\\bin" },
            isExecutable: (file) => {
                seen.push(file);
                return false;
            },
        });
        assert.deepEqual(
            seen.slice(0, 2).map((file) => file.replace(/\\/g, "/")),
            ["C:/tools/ibid.exe", "D:/bin/ibid.exe"],
        );
    });
});

describe("versions", () => {
    it("parses what ibid --version prints", () => {
        assert.deepEqual(parseVersion("ibid 0.1.0\n"), { major: 0, minor: 1, patch: 0, pre: undefined });
        assert.deepEqual(parseVersion("ibid 1.12.3-dev.2+abc\n"), { major: 1, minor: 12, patch: 3, pre: "dev.2" });
        assert.equal(parseVersion("rust-analyzer 1.2.3"), undefined);
        assert.equal(parseVersion("ibid"), undefined);
    });

    it("orders versions, a pre-release before its release", () => {
        const v = (s: string) => parseVersion(`ibid ${s}`) ?? assert.fail(s);
        assert.ok(compareVersions(v("0.1.0"), v("0.2.0")) < 0);
        assert.ok(compareVersions(v("0.10.0"), v("0.9.9")) > 0);
        assert.ok(compareVersions(v("1.0.0-dev"), v("1.0.0")) < 0);
        assert.equal(compareVersions(v("0.1.0"), v("0.1.0")), 0);
    });

    it("accepts the minimum and anything newer", () => {
        assert.deepEqual(checkVersion("ibid", `ibid ${MIN_SERVER_VERSION}\n`), { ok: true, version: MIN_SERVER_VERSION });
        assert.deepEqual(checkVersion("ibid", "ibid 3.0.1\n", "0.1.0"), { ok: true, version: "3.0.1" });
    });

    it("says an old binary is too old, and how to update it", () => {
        assert.deepEqual(checkVersion("/opt/ibid", "ibid 0.0.9\n", "0.1.0"), {
            ok: false,
            message:
                "ibid 0.0.9 (/opt/ibid) is too old: this extension needs ibid 0.1.0 or later. Update it " +
                "(`cargo install --path .` in the ibid repository), or set ibid.server.path to a newer binary.",
        });
        assert.equal(checkVersion("ibid", "ibid 0.2.0-dev\n", "0.2.0").ok, false);
    });

    it("says when the binary is not ibid at all", () => {
        assert.deepEqual(checkVersion("/usr/bin/true", "", "0.1.0"), {
            ok: false,
            message: '"/usr/bin/true --version" printed "", not an ibid version: does ibid.server.path point at the ibid binary?',
        });
    });

    it("runs the binary", async () => {
        assert.deepEqual(await queryVersion(fakeIbid(path.join(tmp, "new"), "ibid 0.4.2"), "0.1.0"), {
            ok: true,
            version: "0.4.2",
        });
        const old = await queryVersion(fakeIbid(path.join(tmp, "old"), "ibid 0.0.1"), "0.1.0");
        assert.equal(old.ok, false);
        const missing = await queryVersion(path.join(tmp, "missing"), "0.1.0");
        if (missing.ok) {
            assert.fail("a missing binary has no version");
        }
        assert.match(missing.message, /--version" failed \(.*ENOENT/);
    });

    it("gives up on a binary that hangs", async () => {
        const dir = path.join(tmp, "hang");
        fs.mkdirSync(dir);
        const file = path.join(dir, "ibid");
        fs.writeFileSync(file, "#!/bin/sh\nexec sleep 30\n", { mode: 0o755 });
        const result = await queryVersion(file, "0.1.0", 200);
        assert.deepEqual(result, {
            ok: false,
            message: `"${file} --version" failed (gave no answer within 0.2 s): is it the ibid binary, built for this machine?`,
        });
    });
});
