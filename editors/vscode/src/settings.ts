// The extension's settings, and the part of them sent to the server.
// Nothing here imports `vscode`, so the unit tests run it under plain Node.

/** What `WorkspaceConfiguration.inspect` reports of one setting. */
export interface Inspection<T> {
    defaultValue?: T;
    globalValue?: T;
    workspaceValue?: T;
    workspaceFolderValue?: T;
}

/** Looks a setting up by its key under `ibid.` (`rules.unused-note`). */
export type Inspect = (key: string) => Inspection<unknown> | undefined;

/** The settings that mirror `ibid.toml`: key under `ibid.`, key in `ibid.toml`. */
export const TOML_KEYS: ReadonlyArray<readonly [string, string]> = [
    ["inlayHints.enable", "inlay-hints"],
    ["extensions", "extensions"],
    ["include", "include"],
    ["exclude", "exclude"],
    ["maxFileSize", "max-file-size"],
    ["bibliography", "bibliography"],
    ["perFileIgnores", "per-file-ignores"],
];

/** The prefix of the rule settings: `ibid.rules.<code>`. */
export const RULE_PREFIX = "rules.";

/** The value a user set, in a folder, a workspace or their own settings;
 * `undefined` when only the default applies. */
function userValue(inspection: Inspection<unknown> | undefined): unknown {
    return (
        inspection?.workspaceFolderValue ?? inspection?.workspaceValue ?? inspection?.globalValue
    );
}

/** The rule codes among the extension's settings (from package.json). */
export function ruleCodes(settingKeys: Iterable<string>): string[] {
    const codes: string[] = [];
    for (const key of settingKeys) {
        if (key.startsWith(`ibid.${RULE_PREFIX}`)) {
            codes.push(key.slice(`ibid.${RULE_PREFIX}`.length));
        }
    }
    return codes;
}

/** The settings sent to the server, with the keys of `ibid.toml`. Only the
 * settings a user set are sent: the server lets them win over `ibid.toml`
 * key by key, so sending the defaults would hide the project's file. */
export function serverSettings(inspect: Inspect, rules: readonly string[]): Record<string, unknown> {
    const settings: Record<string, unknown> = {};
    for (const [key, tomlKey] of TOML_KEYS) {
        const value = userValue(inspect(key));
        if (value !== undefined) {
            settings[tomlKey] = value;
        }
    }
    const levels: Record<string, unknown> = {};
    for (const code of rules) {
        const value = userValue(inspect(RULE_PREFIX + code));
        if (value !== undefined) {
            levels[code] = value;
        }
    }
    if (Object.keys(levels).length > 0) {
        settings.rules = levels;
    }
    return settings;
}

/** The VS Code languages the server attaches to: `notes` always, Markdown
 * and plain text when the settings say so. */
export function attachedLanguages(markdown: boolean, plaintext: boolean): string[] {
    const languages = ["notes"];
    if (markdown) {
        // Quarto and R Markdown are Markdown with code chunks.
        languages.push("markdown", "quarto", "rmd");
    }
    if (plaintext) {
        languages.push("plaintext");
    }
    return languages;
}
