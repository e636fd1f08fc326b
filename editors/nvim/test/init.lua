-- The configuration the end-to-end test starts Neovim with: this plugin on
-- 'runtimepath', set up as a user would, with the ibid binary under test.
-- On Neovim 0.11 that is vim.lsp.config + vim.lsp.enable and no setup(),
-- unless IBID_E2E_NATIVE is 0 or `setup`; before 0.11 it is setup().
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:gsub('^@', ''), ':p:h')
local plugin = vim.fn.fnamemodify(here, ':h')
vim.opt.runtimepath:prepend(plugin)
if vim.env.IBID_E2E_PARSER_DIR and vim.env.IBID_E2E_PARSER_DIR ~= '' then
  -- A folder holding parser/ibid.so, built by the test runner.
  vim.opt.runtimepath:append(vim.env.IBID_E2E_PARSER_DIR)
end
vim.opt.swapfile = false
vim.opt.shortmess:append('I')

-- Sent to the server: the test checks that note-order is gone.
local settings = { rules = { ['note-order'] = 'off' } }
local native = vim.env.IBID_E2E_NATIVE or ''

if vim.lsp.config and native == '' then
  -- Neovim 0.11's own way, without setup(): lsp/ibid.lua and plugin/ibid.lua
  -- must give the server and the tree-sitter parser by themselves.
  vim.lsp.config('ibid', {
    cmd = { vim.env.IBID_E2E_BIN, 'lsp' },
    settings = { ibid = settings },
  })
  vim.lsp.enable('ibid')
else
  require('ibid').setup({
    cmd = { vim.env.IBID_E2E_BIN, 'lsp' },
    -- IBID_E2E_NATIVE=0 takes the vim.lsp.start path of Neovim 0.8 to 0.10;
    -- IBID_E2E_NATIVE=setup the vim.lsp.enable path of setup() on 0.11.
    native = native ~= '0',
    settings = settings,
  })
end
