// Finding the `ibid` binary and checking that it is recent enough. Nothing
// here imports `vscode`, so the unit tests run it under plain Node.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The oldest server this extension works with: `ibid lsp --stdio`, pull
 * diagnostics and the `source.renumberNotes` code action arrived in 0.1.0. */
export const MIN_SERVER_VERSION = "0.1.0";

/** How long `ibid --version` may take before the binary is given up on. */
export const VERSION_TIMEOUT_MS = 10_000;

/** Where the binary was found, or why it was not. */
export type ServerPath =
    | { ok: true; path: string; source: "setting" | "PATH" | "cargo" }
    | { ok: false; message: string };

export interface ResolveOptions {
    /** The `ibid.server.path` setting; empty means "look it up". */
    configured: string;
    /** The first workspace folder, against which a relative path is taken. */
    workspaceFolder?: string;
    env: Record<string, string | undefined>;
    platform: NodeJS.Platform;
    home: string;
    isExecutable?: (file: string) => boolean;
}

/** Whether `file` is a regular file this process may run. */
export function isExecutable(file: string): boolean {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** The binary named by the setting, else `ibid` on `PATH`, else the one
 * `cargo install` puts in `~/.cargo/bin` (an editor started from a desktop
 * menu often has a `PATH` without it). */
export function resolveServerPath(options: ResolveOptions): ServerPath {
    const runnable = options.isExecutable ?? isExecutable;
    const exe = options.platform === "win32" ? "ibid.exe" : "ibid";
    const configured = options.configured.trim();
    if (configured !== "") {
        let file = configured;
        if (file === "~" || file.startsWith("~/")) {
            file = path.join(options.home, file.slice(1));
        }
        if (!path.isAbsolute(file) && options.workspaceFolder !== undefined) {
            file = path.join(options.workspaceFolder, file);
        }
        if (runnable(file)) {
            return { ok: true, path: file, source: "setting" };
        }
        return {
            ok: false,
            message:
                `The ibid server was not found at "${file}" (the setting ibid.server.path), ` +
                "or it cannot be run. Correct the setting, or clear it to use ibid from PATH.",
        };
    }
    const pathVariable = options.env.PATH ?? options.env.Path ?? "";
    const separator = options.platform === "win32" ? ";" : ":";
    for (const dir of pathVariable.split(separator)) {
        if (dir === "") {
            continue;
        }
        const file = path.join(dir, exe);
        if (runnable(file)) {
            return { ok: true, path: file, source: "PATH" };
        }
    }
    const cargo = path.join(options.env.CARGO_HOME ?? path.join(options.home, ".cargo"), "bin", exe);
    if (runnable(cargo)) {
        return { ok: true, path: cargo, source: "cargo" };
    }
    return {
        ok: false,
        message:
            "The ibid server was not found on PATH. Install it (`cargo install --path .` " +
            "in the ibid repository), or set ibid.server.path to the binary.",
    };
}

/** A version as `ibid --version` prints it: `ibid 0.1.0`. */
export interface Version {
    major: number;
    minor: number;
    patch: number;
    pre?: string;
}

export function parseVersion(output: string): Version | undefined {
    const match = /^ibid (\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+\S*)?\s*$/m.exec(output);
    if (match === null) {
        return undefined;
    }
    return {
        major: Number(match[1]),
        minor: Number(match[2]),
        patch: Number(match[3]),
        pre: match[4],
    };
}

export function formatVersion(v: Version): string {
    return `${v.major}.${v.minor}.${v.patch}${v.pre !== undefined ? `-${v.pre}` : ""}`;
}

/** Negative when `a` is older than `b`; a pre-release is older than its
 * release (0.2.0-dev < 0.2.0). */
export function compareVersions(a: Version, b: Version): number {
    const parts = [a.major - b.major, a.minor - b.minor, a.patch - b.patch];
    for (const diff of parts) {
        if (diff !== 0) {
            return diff;
        }
    }
    if (a.pre === b.pre) {
        return 0;
    }
    if (a.pre === undefined) {
        return 1;
    }
    if (b.pre === undefined) {
        return -1;
    }
    return a.pre < b.pre ? -1 : 1;
}

export type VersionCheck = { ok: true; version: string } | { ok: false; message: string };

/** Judges what `<binary> --version` printed. */
export function checkVersion(
    binary: string,
    output: string,
    minimum: string = MIN_SERVER_VERSION,
): VersionCheck {
    const found = parseVersion(output);
    const min = parseVersion(`ibid ${minimum}`);
    if (found === undefined || min === undefined) {
        const printed = output.trim().split("\n")[0]?.slice(0, 80) ?? "";
        return {
            ok: false,
            message:
                `"${binary} --version" printed "${printed}", not an ibid version: ` +
                "does ibid.server.path point at the ibid binary?",
        };
    }
    if (compareVersions(found, min) < 0) {
        return {
            ok: false,
            message:
                `ibid ${formatVersion(found)} (${binary}) is too old: this extension needs ` +
                `ibid ${minimum} or later. Update it (\`cargo install --path .\` in the ibid ` +
                "repository), or set ibid.server.path to a newer binary.",
        };
    }
    return { ok: true, version: formatVersion(found) };
}

/** Runs `<binary> --version` and judges the answer. */
export function queryVersion(
    binary: string,
    minimum: string = MIN_SERVER_VERSION,
    timeoutMs: number = VERSION_TIMEOUT_MS,
): Promise<VersionCheck> {
    return new Promise((resolve) => {
        execFile(binary, ["--version"], { timeout: timeoutMs }, (error, stdout) => {
            if (error !== null) {
                const why = error.killed ? `gave no answer within ${timeoutMs / 1000} s` : error.message;
                resolve({
                    ok: false,
                    message: `"${binary} --version" failed (${why}): is it the ibid binary, built for this machine?`,
                });
                return;
            }
            resolve(checkVersion(binary, stdout, minimum));
        });
    });
}
