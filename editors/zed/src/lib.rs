//! Starts `ibid lsp` for Zed: the binary named in Zed's settings
//! (`lsp.ibid.binary.path`), else `ibid` on the worktree's `PATH`. The
//! settings under `lsp.ibid.initialization_options` and `lsp.ibid.settings`
//! take the keys of `ibid.toml` and reach the server as they are.

use zed_extension_api::{self as zed, LanguageServerId, Result, serde_json, settings::LspSettings};

struct IbidExtension;

impl zed::Extension for IbidExtension {
    fn new() -> Self {
        IbidExtension
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = configured
            .or_else(|| worktree.which("ibid"))
            .ok_or_else(|| {
                "ibid was not found on PATH: install it (`cargo install --path .` in the ibid \
             repository) or set lsp.ibid.binary.path in Zed's settings"
                    .to_string()
            })?;
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        let mut env = worktree.shell_env();
        if let Some(extra) = binary.and_then(|b| b.env) {
            env.extend(extra);
        }
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings)
            .map(|settings| serde_json::json!({ "ibid": settings })))
    }
}

zed::register_extension!(IbidExtension);
