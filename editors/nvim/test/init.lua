-- The configuration the end-to-end test starts Neovim with: this plugin on
-- 'runtimepath', set up as a user would, with the ibid binary under test.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:gsub('^@', ''), ':p:h')
local plugin = vim.fn.fnamemodify(here, ':h')
vim.opt.runtimepath:prepend(plugin)
if vim.env.IBID_E2E_PARSER_DIR and vim.env.IBID_E2E_PARSER_DIR ~= '' then
  -- A folder holding parser/ibid.so, built by the test runner.
  vim.opt.runtimepath:append(vim.env.IBID_E2E_PARSER_DIR)
end
vim.opt.swapfile = false
vim.opt.shortmess:append('I')

require('ibid').setup({
  cmd = { vim.env.IBID_E2E_BIN, 'lsp' },
  -- IBID_E2E_NATIVE=0 takes the vim.lsp.start path of Neovim 0.8 to 0.10.
  native = vim.env.IBID_E2E_NATIVE ~= '0',
  -- Sent to the server: the test checks that note-order is gone.
  settings = { rules = { ['note-order'] = 'off' } },
})
