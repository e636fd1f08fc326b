-- Read once at startup, with or without setup(): what the plugin gives by
-- being on 'runtimepath'. The filetype `notes` (ftdetect/) is parsed by the
-- tree-sitter parser `ibid`, so vim.treesitter.start(), folds from
-- vim.treesitter.foldexpr() and nvim-treesitter find the parser and this
-- plugin's queries/ibid/ for it. Neovim before 0.9 has no language
-- registry and cannot load the parser's ABI anyway: nothing to do there.
if vim.g.loaded_ibid then
  return
end
vim.g.loaded_ibid = true

if vim.fn.has('nvim-0.9') == 1 then
  vim.treesitter.language.register('ibid', 'notes')
end
