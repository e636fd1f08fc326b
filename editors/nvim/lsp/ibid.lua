-- ibid for Neovim 0.11+, through the native LSP configuration:
--
--   vim.lsp.enable('ibid')
--
-- Neovim reads this file when this plugin is on 'runtimepath', and
-- plugin/ibid.lua maps the filetype `notes` to the tree-sitter parser
-- `ibid`: neither needs require('ibid').setup(). Override any
-- field with vim.lsp.config('ibid', { ... }), for example the rule severities:
--
--   vim.lsp.config('ibid', { settings = { ibid = { rules = { ['unused-note'] = 'off' } } } })
--
-- The settings take the keys of ibid.toml; they reach the server through
-- workspace/didChangeConfiguration and win over ibid.toml key by key.
return {
  cmd = { 'ibid', 'lsp' },
  filetypes = { 'notes', 'markdown', 'quarto', 'rmd', 'text' },
  root_markers = { 'ibid.toml', '.git' },
  commands = {
    -- The code lens over a note: the places that cite it, in the quickfix
    -- window (without it, the server only jumps to the first one).
    ['ibid.showReferences'] = function(command, ctx)
      require('ibid').show_references(command, ctx)
    end,
  },
}
