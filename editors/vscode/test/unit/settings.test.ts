// The settings sent to the server, and the languages it attaches to.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { attachedLanguages, type Inspection, ruleCodes, serverSettings } from "../../src/settings";

const RULES = ["undefined-note", "unused-note", "empty-url"];

function inspector(values: Record<string, Inspection<unknown>>) {
    return (key: string) => values[key] ?? { defaultValue: "default" };
}

describe("serverSettings", () => {
    it("sends nothing when only defaults apply, so ibid.toml is not overridden", () => {
        assert.deepEqual(serverSettings(inspector({}), RULES), {});
    });

    it("sends what the user set, with the keys of ibid.toml", () => {
        const settings = serverSettings(
            inspector({
                "inlayHints.enable": { defaultValue: true, globalValue: false },
                exclude: { defaultValue: [], workspaceValue: ["drafts/**"] },
                maxFileSize: { defaultValue: 33554432, globalValue: 1024 },
                bibliography: { defaultValue: [], workspaceValue: ["refs.bib"] },
                perFileIgnores: { defaultValue: {}, workspaceValue: { "drafts/**": ["unused-note"] } },
                "rules.unused-note": { defaultValue: "warning", globalValue: "off" },
                "rules.empty-url": { defaultValue: "warning", globalValue: "hint", workspaceFolderValue: "error" },
            }),
            RULES,
        );
        assert.deepEqual(settings, {
            "inlay-hints": false,
            exclude: ["drafts/**"],
            "max-file-size": 1024,
            bibliography: ["refs.bib"],
            "per-file-ignores": { "drafts/**": ["unused-note"] },
            rules: { "unused-note": "off", "empty-url": "error" },
        });
    });

    it("prefers a folder's value over the workspace's over the user's", () => {
        const settings = serverSettings(
            inspector({ include: { globalValue: ["a"], workspaceValue: ["b"], workspaceFolderValue: ["c"] } }),
            RULES,
        );
        assert.deepEqual(settings, { include: ["c"] });
    });
});

describe("ruleCodes", () => {
    it("reads the rule codes from the setting names", () => {
        assert.deepEqual(
            ruleCodes(["ibid.server.path", "ibid.rules.undefined-note", "ibid.rules.note-order", "ibid.inlayHints.enable"]),
            ["undefined-note", "note-order"],
        );
    });
});

describe("attachedLanguages", () => {
    it("always has notes, and Markdown and plain text when switched on", () => {
        assert.deepEqual(attachedLanguages(true, true), ["notes", "markdown", "quarto", "rmd", "plaintext"]);
        assert.deepEqual(attachedLanguages(false, true), ["notes", "plaintext"]);
        assert.deepEqual(attachedLanguages(false, false), ["notes"]);
    });
});
