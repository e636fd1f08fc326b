// The VS Code client of the ibid language server: finds the binary, checks
// its version, starts `ibid lsp --stdio` for notes, Markdown and plain-text
// documents, restarts it when it dies (within a limit), and sends the
// settings that mirror ibid.toml.

import * as os from "node:os";
import * as vscode from "vscode";
import {
    CloseAction,
    type CloseHandlerResult,
    DidChangeConfigurationNotification,
    ErrorAction,
    type ErrorHandler,
    type ErrorHandlerResult,
    type Executable,
    LanguageClient,
    type LanguageClientOptions,
    type Location as LspLocation,
    type Position as LspPosition,
    State,
    TransportKind,
} from "vscode-languageclient/node";

import { RestartBudget } from "./restart";
import { queryVersion, resolveServerPath } from "./server";
import { attachedLanguages, type Inspect, ruleCodes, serverSettings } from "./settings";

/** The command of the server's code lens over a note. The server runs it
 * for any client (it advertises it, so the language client registers it);
 * here it is answered in the client instead, with a peek at the citations. */
const SHOW_REFERENCES = "ibid.showReferences";

/** The kind of the server's code action that renumbers the notes. */
const RENUMBER_KIND = "source.renumberNotes";

/** Where the install steps are documented. */
const INSTALL_DOCS = vscode.Uri.parse(
    "https://github.com/ibid-notes/ibid/blob/main/docs/editors.md#visual-studio-code",
);

let current: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const ctx = new Ctx(context);
    current = ctx;
    context.subscriptions.push(
        ctx,
        vscode.commands.registerCommand("ibid.restartServer", () => ctx.restart()),
        vscode.commands.registerCommand("ibid.showLogs", () => {
            ctx.output.show(true);
        }),
        vscode.commands.registerCommand("ibid.renumberNotes", () =>
            vscode.commands.executeCommand("editor.action.sourceAction", {
                kind: RENUMBER_KIND,
                apply: "first",
            }),
        ),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration("ibid.server") || event.affectsConfiguration("ibid.attach")) {
                void ctx.restart();
            } else if (event.affectsConfiguration("ibid")) {
                void ctx.sendSettings();
            }
        }),
    );
    await ctx.start();
}

/** Stops the server before VS Code lets the extension go. */
export async function deactivate(): Promise<void> {
    await current?.stop();
    current = undefined;
}

/** The client and everything around it. */
class Ctx implements vscode.Disposable {
    readonly output = vscode.window.createOutputChannel("ibid", { log: true });
    private client: LanguageClient | undefined;
    private readonly budget = new RestartBudget();
    private readonly status: vscode.LanguageStatusItem;
    private readonly rules: string[];

    constructor(context: vscode.ExtensionContext) {
        const properties = (context.extension.packageJSON as PackageJson).contributes.configuration
            .properties;
        this.rules = ruleCodes(Object.keys(properties));
        this.status = vscode.languages.createLanguageStatusItem("ibid", { language: "notes" });
        this.status.name = "ibid";
        this.status.command = { title: "Restart", command: "ibid.restartServer" };
    }

    private config(): vscode.WorkspaceConfiguration {
        return vscode.workspace.getConfiguration("ibid");
    }

    private settings(): Record<string, unknown> {
        const config = this.config();
        const inspect: Inspect = (key) => config.inspect(key);
        return serverSettings(inspect, this.rules);
    }

    private languages(): string[] {
        const config = this.config();
        return attachedLanguages(
            config.get<boolean>("attach.markdown", true),
            config.get<boolean>("attach.plaintext", true),
        );
    }

    /** Finds and checks the binary, then starts the client; on a problem,
     * says what it is and how to fix it. */
    async start(): Promise<void> {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const found = resolveServerPath({
            configured: this.config().get<string>("server.path", ""),
            workspaceFolder: folder?.scheme === "file" ? folder.fsPath : undefined,
            env: process.env,
            platform: process.platform,
            home: os.homedir(),
        });
        if (!found.ok) {
            this.output.info(`PATH searched: ${process.env.PATH ?? "(unset)"}`);
            this.fail(found.message);
            return;
        }
        const version = await queryVersion(found.path);
        if (!version.ok) {
            this.fail(version.message);
            return;
        }
        this.output.appendLine(`ibid ${version.version} at ${found.path} (from ${found.source})`);

        const server: Executable = {
            command: found.path,
            args: ["lsp"],
            // vscode-languageclient appends `--stdio`, which `ibid lsp` accepts.
            transport: TransportKind.stdio,
        };
        const languages = this.languages();
        void vscode.commands.executeCommand("setContext", "ibid.languages", languages);
        const options: LanguageClientOptions = {
            documentSelector: languages.flatMap((language) => [
                { scheme: "file", language },
                { scheme: "untitled", language },
            ]),
            initializationOptions: this.settings(),
            outputChannel: this.output,
            errorHandler: new RestartingErrorHandler(this.budget, this.output),
            markdown: { isTrusted: false, supportHtml: false },
            middleware: {
                executeCommand: (command, args: unknown[], next) => {
                    if (command === SHOW_REFERENCES && args.length === 3) {
                        const [uri, position, locations] = args as [string, LspPosition, LspLocation[]];
                        return this.showReferences(uri, position, locations);
                    }
                    return next(command, args) as Promise<unknown>;
                },
            },
        };
        const client = new LanguageClient("ibid", "ibid", server, options);
        this.client = client;
        client.onDidChangeState((event) => {
            if (event.newState === State.Running) {
                this.setStatus(`ibid ${version.version}`, vscode.LanguageStatusSeverity.Information);
            } else if (event.newState === State.Stopped) {
                this.setStatus("ibid stopped", vscode.LanguageStatusSeverity.Warning);
            }
        });
        try {
            await client.start();
        } catch (error) {
            this.fail(`The ibid server (${found.path}) failed to start: ${String(error)}`);
        }
    }

    async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client !== undefined && client.state !== State.Stopped) {
            try {
                await client.stop();
            } catch (error) {
                this.output.appendLine(`stopping the server: ${String(error)}`);
            }
        }
        await client?.dispose();
    }

    async restart(): Promise<void> {
        this.budget.reset();
        await this.stop();
        await this.start();
    }

    /** Sends the settings again after the user changed them. */
    async sendSettings(): Promise<void> {
        if (this.client?.state === State.Running) {
            await this.client.sendNotification(DidChangeConfigurationNotification.type, {
                settings: { ibid: this.settings() },
            });
        }
    }

    /** The command of the server's code lens over a note: list the places
     * that cite it. */
    async showReferences(uri: string, position: LspPosition, locations: LspLocation[]): Promise<void> {
        const client = this.client;
        if (client === undefined) {
            return;
        }
        const p2c = client.protocol2CodeConverter;
        await vscode.commands.executeCommand(
            "editor.action.showReferences",
            p2c.asUri(uri),
            p2c.asPosition(position),
            locations.map((location) => p2c.asLocation(location)),
        );
    }

    private setStatus(text: string, severity: vscode.LanguageStatusSeverity, detail?: string): void {
        this.status.text = text;
        this.status.severity = severity;
        this.status.detail = detail;
    }

    /** Says what is wrong and offers the fixes; does not wait for the
     * user's answer, so that activation is not held up by it. */
    private fail(message: string): void {
        this.output.error(message);
        this.setStatus("ibid: not running", vscode.LanguageStatusSeverity.Error, message);
        void vscode.window
            .showErrorMessage(message, "Open Settings", "Installation", "Retry")
            .then(async (choice) => {
                if (choice === "Open Settings") {
                    await vscode.commands.executeCommand("workbench.action.openSettings", "ibid.server.path");
                } else if (choice === "Installation") {
                    await vscode.env.openExternal(INSTALL_DOCS);
                } else if (choice === "Retry") {
                    await this.restart();
                }
            });
    }

    dispose(): void {
        void this.stop();
        this.status.dispose();
        this.output.dispose();
    }
}

/** Restarts a server that exited, until it has exited too often; then says
 * so, with the way to the logs and to a manual restart. */
class RestartingErrorHandler implements ErrorHandler {
    constructor(
        private readonly budget: RestartBudget,
        private readonly output: vscode.LogOutputChannel,
    ) {}

    error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
        // A few broken messages may pass; more mean the transport is gone.
        return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    }

    closed(): CloseHandlerResult {
        if (this.budget.exited()) {
            this.output.appendLine("The ibid server stopped unexpectedly; restarting it.");
            return { action: CloseAction.Restart, handled: true };
        }
        const message =
            `The ibid server stopped ${this.budget.max} times in the last ` +
            `${this.budget.windowMs / 60_000} minutes and will not be restarted again. ` +
            'See "ibid: Show Server Logs", then run "ibid: Restart Server".';
        this.output.appendLine(message);
        void vscode.window.showErrorMessage(message, "Show Logs", "Restart").then((choice) => {
            if (choice === "Show Logs") {
                this.output.show(true);
            } else if (choice === "Restart") {
                void vscode.commands.executeCommand("ibid.restartServer");
            }
        });
        return { action: CloseAction.DoNotRestart, handled: true };
    }
}

interface PackageJson {
    contributes: { configuration: { properties: Record<string, unknown> } };
}
