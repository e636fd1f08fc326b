//! The protocol's methods, each forwarded to its handler. No logic here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};

use super::handlers::{
    self, commands, diagnostics, editing, highlight, navigation, outline, text_sync, tokens,
    workspace,
};
use super::lsp;
use super::state::Shared;

/// Set to `1` to enable the `ibid/crash` request, which panics inside a
/// handler (for the tests that show the server survives it).
const CRASH_TEST_ENV: &str = "IBID_LSP_CRASH_TEST";

#[derive(Debug)]
pub struct Server {
    shared: Arc<Shared>,
    /// Set by `shutdown`: an `exit` without it ends the process with
    /// status 1, as the protocol asks.
    shut_down: Arc<AtomicBool>,
}

impl Server {
    async fn crash(&self) -> Result<()> {
        handlers::crash(&self.shared).await
    }
}

pub fn service(
    notifications: super::transport::Notifications,
) -> (LspService<Server>, ClientSocket, Arc<AtomicBool>) {
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    // Only the methods implemented are registered: registering every method
    // of the protocol (`LspService::build`) compiles a decoder and an encoder
    // for each, most of them never used, into the binary, all of which the
    // running server then keeps mapped.
    let builder = LspService::build_with_lifecycle_methods(move |client| Server {
        shared: Arc::new(Shared::new(client, notifications.clone())),
        shut_down: flag,
    })
    .custom_method("textDocument/didOpen", Server::did_open)
    .custom_method("textDocument/didChange", Server::did_change)
    .custom_method("textDocument/didSave", Server::did_save)
    .custom_method("textDocument/didClose", Server::did_close)
    .custom_method(
        "workspace/didChangeConfiguration",
        Server::did_change_configuration,
    )
    .custom_method(
        "workspace/didChangeWatchedFiles",
        Server::did_change_watched_files,
    )
    .custom_method(
        "workspace/didChangeWorkspaceFolders",
        Server::did_change_workspace_folders,
    )
    .custom_method("textDocument/hover", Server::hover)
    .custom_method("textDocument/definition", Server::goto_definition)
    .custom_method("textDocument/references", Server::references)
    .custom_method("textDocument/completion", Server::completion)
    .custom_method("textDocument/prepareRename", Server::prepare_rename)
    .custom_method("textDocument/rename", Server::rename)
    .custom_method("textDocument/codeAction", Server::code_action)
    .custom_method("textDocument/documentSymbol", Server::document_symbol)
    .custom_method("workspace/symbol", Server::symbol)
    .custom_method("textDocument/foldingRange", Server::folding_range)
    .custom_method("textDocument/documentLink", Server::document_link)
    .custom_method("textDocument/inlayHint", Server::inlay_hint)
    .custom_method("textDocument/codeLens", Server::code_lens)
    .custom_method("textDocument/diagnostic", Server::diagnostic)
    .custom_method("workspace/diagnostic", Server::workspace_diagnostic)
    .custom_method("textDocument/documentHighlight", Server::document_highlight)
    .custom_method(
        "textDocument/semanticTokens/full",
        Server::semantic_tokens_full,
    )
    .custom_method(
        "textDocument/semanticTokens/range",
        Server::semantic_tokens_range,
    )
    .custom_method("workspace/executeCommand", Server::execute_command);
    let builder = if std::env::var(CRASH_TEST_ENV).is_ok_and(|v| v == "1") {
        builder.custom_method("ibid/crash", Server::crash)
    } else {
        builder
    };
    let (service, socket) = builder.finish();
    (service, socket, shut_down)
}

impl LanguageServer for Server {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        workspace::initialize(&self.shared, params)
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        workspace::initialized(&self.shared).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }
}

/// The methods the server answers beyond the lifecycle, registered by name
/// in [`service`].
impl Server {
    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        text_sync::did_open(&self.shared, params).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        text_sync::did_change(&self.shared, params).await;
    }

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        text_sync::did_save(&self.shared, params).await;
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        text_sync::did_close(&self.shared, params).await;
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        workspace::did_change_configuration(&self.shared, params).await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        workspace::did_change_watched_files(&self.shared, params).await;
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        workspace::did_change_workspace_folders(&self.shared, params).await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        navigation::hover(&self.shared, params).await
    }

    async fn goto_definition(
        &self,
        params: lsp::DefinitionParams,
    ) -> Result<Option<lsp::DefinitionResponse>> {
        navigation::definition(&self.shared, params).await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        navigation::references(&self.shared, params).await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        editing::completion(&self.shared, params).await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResult>> {
        editing::prepare_rename(&self.shared, params).await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        editing::rename(&self.shared, params).await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<Vec<lsp::CodeActionResponse>>> {
        editing::code_action(&self.shared, params).await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        outline::document_symbol(&self.shared, params).await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        outline::workspace_symbol(&self.shared, params).await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        outline::folding_range(&self.shared, params).await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        outline::document_link(&self.shared, params).await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        outline::inlay_hint(&self.shared, params).await
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        outline::code_lens(&self.shared, params).await
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReport> {
        diagnostics::document(&self.shared, params).await
    }

    async fn workspace_diagnostic(
        &self,
        params: lsp::WorkspaceDiagnosticParams,
    ) -> Result<lsp::WorkspaceDiagnosticReport> {
        diagnostics::workspace(&self.shared, params).await
    }
}

/// Highlight, semantic tokens and commands.
impl Server {
    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        highlight::document_highlight(&self.shared, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokens>> {
        tokens::full(&self.shared, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> Result<Option<lsp::SemanticTokens>> {
        tokens::range(&self.shared, params).await
    }

    async fn execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> Result<Option<lsp::LspAny>> {
        commands::execute_command(&self.shared, params).await
    }
}
