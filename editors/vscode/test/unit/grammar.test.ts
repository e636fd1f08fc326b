// The TextMate grammar, compiled by the same engine as VS Code's
// (vscode-textmate on Oniguruma) and run over the editor fixtures.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";

import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const root = path.resolve(__dirname, "../../..");
const fixtures = path.resolve(root, "../tests/fixtures");

let grammar: textmate.IGrammar;

before(async () => {
    const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
            createOnigString: (text) => new oniguruma.OnigString(text),
        }),
        loadGrammar: (scopeName) => {
            if (scopeName !== "text.ibid") {
                return Promise.resolve(null);
            }
            const file = path.join(root, "syntaxes", "ibid.tmLanguage.json");
            return Promise.resolve(textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file));
        },
    });
    const loaded = await registry.loadGrammar("text.ibid");
    if (loaded === null) {
        throw new Error("the grammar text.ibid did not load");
    }
    grammar = loaded;
});

/** Each token of a document as `text: innermost scope`, leaving out
 * plain text. */
function tokens(text: string): string[] {
    const found: string[] = [];
    let state = textmate.INITIAL;
    for (const line of text.split("\n")) {
        const result = grammar.tokenizeLine(line, state);
        for (const token of result.tokens) {
            const scope = token.scopes[token.scopes.length - 1] ?? "";
            if (scope !== "text.ibid") {
                found.push(`${line.slice(token.startIndex, token.endIndex)}: ${scope}`);
            }
        }
        state = result.ruleStack;
    }
    return found;
}

describe("TextMate grammar", () => {
    it("colours the headings, markers, note labels, titles and Ibid of the notes fixture", () => {
        const text = fs.readFileSync(path.join(fixtures, "rooftops.notes"), "utf8");
        assert.deepEqual(tokens(text), [
            "ROOFTOP HIVES AND THE CITY: markup.heading.ibid",
            "1. WHAT THE KEEPERS FOUND: markup.heading.ibid",
            "“the short summer”: string.quoted.double.title.ibid",
            "[1]: variable.other.marker.ibid",
            "[2]: variable.other.marker.ibid",
            "[3]: variable.other.marker.ibid",
            "2. COUNTING: markup.heading.ibid",
            "[4]: variable.other.marker.ibid",
            "NOTES: markup.heading.notes.ibid",
            "[1]: entity.name.type.note-label.ibid",
            "“Honey Above the Traffic,”: string.quoted.double.title.ibid",
            "[2]: entity.name.type.note-label.ibid",
            "Ibid.: keyword.other.ibid.ibid",
            "[3]: entity.name.type.note-label.ibid",
            "“Port Hives Revisited,”: string.quoted.double.title.ibid",
            "[6]: entity.name.type.note-label.ibid",
            "*Bees Between Chimneys*: markup.italic.ibid",
        ]);
    });

    it("knows superscript markers (not units or exponents), Markdown footnotes, citations and links", () => {
        const text = [
            "Bees forage up to 5 km² (x² in the model) from the hive.¹ Some go further.²³",
            "Hedgerows matter.[^survey] So do verges [@hart2017, p. 9].",
            "- ⁴ Lena Hart, https://example.org/hedges. See doi:10.1000/xyz123 or <http://example.org/a>.",
            "[^survey]: Counted in [the survey](https://example.org/s), by mail to ana@example.org.",
            "```",
            "[7] inside code",
            "```",
        ].join("\n");
        assert.deepEqual(tokens(text), [
            "¹: variable.other.marker.ibid",
            "²³: variable.other.marker.ibid",
            "[^survey]: variable.other.marker.ibid",
            "[@hart2017, p. 9]: variable.other.marker.citation.ibid",
            "- : punctuation.definition.list.begin.ibid",
            "⁴: entity.name.type.note-label.ibid",
            "https://example.org/hedges: markup.underline.link.ibid",
            "doi:10.1000/xyz123: markup.underline.link.ibid",
            "<http://example.org/a>: markup.underline.link.ibid",
            "[^survey]:: entity.name.type.note-label.ibid",
            "the survey: string.other.link.title.ibid",
            "https://example.org/s: markup.underline.link.ibid",
            "ana@example.org: markup.underline.link.ibid",
            "```: markup.raw.block.ibid",
            "[7] inside code: markup.raw.block.ibid",
            "```: markup.raw.block.ibid",
        ]);
    });
});
