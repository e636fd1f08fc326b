-- ibid for Neovim: the language server for research notes, and the
-- tree-sitter parser's highlights and folds.
--
--   require('ibid').setup()
--
-- On Neovim 0.11 and later this is vim.lsp.config + vim.lsp.enable over the
-- configuration in lsp/ibid.lua. On 0.8 to 0.10 it starts the server with
-- vim.lsp.start from a FileType autocommand, and on 0.7 with
-- vim.lsp.start_client + vim.lsp.buf_attach_client, one client per root.
-- See :help ibid.

local M = {}

local uv = vim.uv or vim.loop

--- What setup() does when given nothing.
M.defaults = {
  -- The command that starts the server; `ibid` must be on $PATH, or give
  -- its full path: { '/path/to/ibid', 'lsp' }.
  cmd = { 'ibid', 'lsp' },
  -- The filetypes ibid attaches to: `notes` (.notes files), Markdown
  -- footnotes (Quarto and R Markdown too) and plain-text essays.
  filetypes = { 'notes', 'markdown', 'quarto', 'rmd', 'text' },
  -- A file's root is the nearest folder above it holding one of these; the
  -- server reads ibid.toml there and indexes the notes files under it.
  root_markers = { 'ibid.toml', '.git' },
  -- The keys of ibid.toml, sent to the server (they win over ibid.toml key
  -- by key), e.g. { rules = { ['unused-note'] = 'off' }, ['inlay-hints'] = false }.
  settings = {},
  -- Start tree-sitter highlighting in `notes` buffers when the ibid parser
  -- is installed (Neovim 0.9 and later).
  treesitter = true,
  -- On Neovim 0.11+, configure the server with vim.lsp.config and
  -- vim.lsp.enable (lsp/ibid.lua); false starts it with vim.lsp.start from a
  -- FileType autocommand, as on 0.8 to 0.10.
  native = true,
}

--- The configuration setup() was last called with.
M.config = nil

local has_native_config = vim.lsp.config ~= nil and vim.lsp.enable ~= nil

local function notify(message, level)
  vim.notify('ibid: ' .. message, level or vim.log.levels.WARN)
end

--- The nearest folder at or above the folder of `path` that holds one of
--- `markers`; the folder of `path` when there is none.
function M.root_dir(path, markers)
  local start = vim.fn.fnamemodify(path, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

--- The clients of ibid, on one buffer or all.
function M.clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'ibid', bufnr = bufnr })
  end
  local found = {}
  local all = bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == 'ibid' then
      table.insert(found, client)
    end
  end
  return found
end

local warned_cmd = nil

--- Whether the server's command can be run; says how to fix it when not
--- (once per command).
function M.check_cmd(config)
  if vim.fn.executable(config.cmd[1]) == 1 then
    return true
  end
  if warned_cmd == config.cmd[1] then
    return false
  end
  warned_cmd = config.cmd[1]
  notify(
    string.format(
      '`%s` was not found: install it (`cargo install --path .` in the ibid repository) '
        .. "or give its path: require('ibid').setup({ cmd = { '/path/to/ibid', 'lsp' } })",
      config.cmd[1]
    ),
    vim.log.levels.ERROR
  )
  return false
end

local function client_settings(config)
  if next(config.settings) == nil then
    return nil
  end
  return { ibid = config.settings }
end

-- Neovim 0.7: one client per root, started once and attached to each buffer.
local legacy_clients = {}

--- Starts the server for `bufnr` (or reuses the one of its root) and
--- attaches it. Used on Neovim 0.10 and older; 0.11 does this itself.
function M.attach(bufnr, config)
  config = config or M.config or M.defaults
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  if not M.check_cmd(config) then
    return
  end
  local root = M.root_dir(path, config.root_markers)
  local client_config = {
    name = 'ibid',
    cmd = config.cmd,
    root_dir = root,
    settings = client_settings(config),
    -- Neovim before 0.11 does not send `settings` by itself; the server
    -- reads the same keys from the initialization options.
    init_options = client_settings(config),
  }
  if vim.lsp.start then
    vim.lsp.start(client_config, { bufnr = bufnr })
    return
  end
  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    client_config.workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    }
    id = vim.lsp.start_client(client_config)
    if not id then
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Runs the server's source action that renumbers the notes in order of
--- first citation, in the current buffer.
function M.renumber()
  local kind = 'source.renumberNotes'
  if vim.fn.has('nvim-0.8') == 1 then
    vim.lsp.buf.code_action({
      context = { only = { kind }, diagnostics = {} },
      apply = true,
    })
  else
    vim.lsp.buf.code_action({ only = { kind }, diagnostics = {} })
  end
end

--- The code lens over a note runs `ibid.showReferences` with the document,
--- the lens position and the places the note is cited: list them in the
--- quickfix window.
function M.show_references(command, ctx)
  local locations = command.arguments and command.arguments[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, ' ', { title = command.title, items = items })
  vim.cmd('copen')
end

--- Whether the ibid tree-sitter parser can be loaded.
function M.has_parser()
  return (pcall(vim.treesitter.get_string_parser, '', 'ibid'))
end

--- The `grammar` folder of the ibid repository this plugin is part of.
function M.grammar_dir()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  -- .../editors/nvim/lua/ibid/init.lua -> .../grammar
  return vim.fn.fnamemodify(source, ':p:h:h:h:h:h') .. '/grammar'
end

--- Tells nvim-treesitter where the ibid grammar is, so that `:TSInstall
--- ibid` builds it. `path` defaults to the grammar folder of this checkout.
--- Works with both the `main` and the older `master` branch of
--- nvim-treesitter.
function M.register_parser(path)
  path = path or M.grammar_dir()
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok then
    notify('nvim-treesitter is not installed; see :help ibid-treesitter')
    return false
  end
  if type(parsers.get_parser_configs) == 'function' then
    -- The `master` branch: a table of parser configurations.
    parsers.get_parser_configs().ibid = {
      install_info = { url = path, files = { 'src/parser.c', 'src/scanner.c' } },
      filetype = 'notes',
    }
  else
    -- The `main` branch reads its parser table anew on `User TSUpdate`.
    local function register()
      require('nvim-treesitter.parsers').ibid = { install_info = { path = path } }
    end
    register()
    vim.api.nvim_create_autocmd('User', { pattern = 'TSUpdate', callback = register })
  end
  return true
end

local function on_notes_buffer(bufnr, config)
  if config.treesitter and vim.treesitter.start and M.has_parser() then
    pcall(vim.treesitter.start, bufnr, 'ibid')
  end
end

--- Sets ibid up; `opts` overrides M.defaults (see :help ibid-setup).
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  M.config = config

  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { notes = 'notes' } })
  end
  if vim.treesitter.language.register then
    vim.treesitter.language.register('ibid', 'notes')
  end
  vim.lsp.commands['ibid.showReferences'] = M.show_references

  local group = vim.api.nvim_create_augroup('ibid', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'notes',
    callback = function(args)
      on_notes_buffer(args.buf, config)
    end,
  })
  vim.api.nvim_create_user_command('IbidRenumber', M.renumber, {
    desc = 'Renumber the notes in order of first citation',
  })

  if has_native_config and config.native then
    M.check_cmd(config)
    vim.lsp.config('ibid', {
      cmd = config.cmd,
      filetypes = config.filetypes,
      root_markers = config.root_markers,
      settings = client_settings(config),
    })
    vim.lsp.enable('ibid')
    return
  end

  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  -- Buffers opened before setup().
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr, config)
    end
  end
end

return M
