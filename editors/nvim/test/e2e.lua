-- End-to-end test of ibid in a real Neovim (0.7 and 0.11 in CI): open the
-- fixture, wait for the server's diagnostics, jump to definitions and read
-- the hover, checking exact positions; on 0.11 also without setup(), as
-- vim.lsp.enable('ibid') alone leaves it (see init.lua). The fixture has curly quotes, an
-- emoji (two UTF-16 units, four bytes) and a dash before its markers, so a
-- position converted with the wrong encoding lands somewhere else.
--
-- Run by test/run.sh; prints one line per check and exits with 1 when any
-- failed.

local TIMEOUT = 20000

local failures, passed = 0, 0
local function log(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function show(value)
  return type(value) == 'table' and vim.inspect(value, { newline = ' ', indent = '' }) or tostring(value)
end

local function check(name, got, want)
  if vim.deep_equal(got, want) then
    passed = passed + 1
    log('ok   ' .. name)
  else
    failures = failures + 1
    log('FAIL ' .. name .. '\n       got:  ' .. show(got) .. '\n       want: ' .. show(want))
  end
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 20) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what)
  end
end

--- 0-based line and byte column of the `nth` occurrence of `needle`.
local function find(lines, needle, nth)
  nth = nth or 1
  for row, line in ipairs(lines) do
    local from = 1
    while true do
      local col = line:find(needle, from, true)
      if not col then
        break
      end
      nth = nth - 1
      if nth == 0 then
        return row - 1, col - 1
      end
      from = col + 1
    end
  end
  error(needle .. ' not found')
end

--- The UTF-16 column of a byte column, counted here independently of
--- Neovim and ibid.
local function utf16_col(line, byte_col)
  local units, i = 0, 1
  while i <= byte_col do
    local b = line:byte(i)
    local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    units = units + (len == 4 and 2 or 1)
    i = i + len
  end
  return units
end

local function ibid_client(bufnr)
  return require('ibid').clients(bufnr)[1]
end

local function diagnostic_code(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

local function cursor_after_definition(row, col)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  local before = vim.api.nvim_win_get_cursor(0)
  vim.lsp.buf.definition()
  wait_for('the definition jump', function()
    return not vim.deep_equal(vim.api.nvim_win_get_cursor(0), before)
  end)
  local cursor = vim.api.nvim_win_get_cursor(0)
  return { cursor[1] - 1, cursor[2] }
end

local function float_lines()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), win
    end
  end
end

local function main()
  local fixture = assert(vim.env.IBID_E2E_FIXTURE, 'IBID_E2E_FIXTURE is not set')
  local version = vim.version()
  log(string.format('Neovim %d.%d.%d, fixture %s', version.major, version.minor, version.patch, fixture))

  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  check('filetype of a .notes file', vim.bo[bufnr].filetype, 'notes')
  check('ftplugin: long lines wrap at words', { vim.wo.wrap, vim.wo.linebreak }, { true, true })

  wait_for('ibid to attach', function()
    return ibid_client(bufnr) ~= nil
  end)
  local client = ibid_client(bufnr)
  -- setup() is the only thing that sets require('ibid').config.
  local with_setup = require('ibid').config ~= nil
  local how = vim.lsp.config and vim.env.IBID_E2E_NATIVE ~= '0' and 'vim.lsp.enable'
    or vim.lsp.start and 'vim.lsp.start'
    or 'vim.lsp.start_client'
  log('server started through ' .. how .. (with_setup and ', by setup()' or ', without setup()'))
  check('plugin/ibid.lua ran', vim.g.loaded_ibid, true)
  if vim.treesitter.language.register then
    check('the filetype notes uses the parser ibid', vim.treesitter.language.get_lang('notes'), 'ibid')
  end
  -- ibid prefers UTF-8 when the client offers it (0.11 does), else UTF-16
  -- (0.7 offers nothing, which means UTF-16).
  local general = vim.lsp.protocol.make_client_capabilities().general or {}
  local offers_utf8 = vim.tbl_contains(general.positionEncodings or {}, 'utf-8')
  log('client offers UTF-8: ' .. tostring(offers_utf8))
  check('negotiated position encoding', client.offset_encoding, offers_utf8 and 'utf-8' or 'utf-16')
  if vim.env.IBID_E2E_ENCODING and vim.env.IBID_E2E_ENCODING ~= '' then
    check('the encoding this Neovim must negotiate', client.offset_encoding, vim.env.IBID_E2E_ENCODING)
  end
  local utf8 = client.offset_encoding == 'utf-8'
  -- The root is the repository the fixture is in (it has .git).
  check('root folder', client.config.root_dir, vim.fn.fnamemodify(fixture, ':p:h:h:h:h'))
  if how == 'vim.lsp.enable' then
    check('filetypes from lsp/ibid.lua', vim.lsp.config.ibid.filetypes, { 'notes', 'markdown', 'quarto', 'rmd', 'text' })
    check('root markers from lsp/ibid.lua', vim.lsp.config.ibid.root_markers, { 'ibid.toml', '.git' })
    check('the command the test configured', client.config.cmd, { vim.env.IBID_E2E_BIN, 'lsp' })
  end
  if how == 'vim.lsp.enable' and not with_setup then
    check('without setup(): no :IbidRenumber', vim.fn.exists(':IbidRenumber'), 0)
  end

  -- Diagnostics: codes, lines and byte columns (Neovim converts the
  -- server's columns to bytes with the negotiated encoding).
  -- The settings switch note-order off: wait until the server applied them.
  local function codes()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(found, diagnostic_code(d))
    end
    table.sort(found)
    return found
  end
  wait_for('the diagnostics, without note-order', function()
    return vim.deep_equal(codes(), { 'empty-url', 'undefined-note', 'unused-note' })
  end)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diagnostics, { d.lnum, d.col, diagnostic_code(d), d.severity })
  end
  table.sort(diagnostics, function(a, b)
    if a[1] ~= b[1] then
      return a[1] < b[1]
    end
    if a[2] ~= b[2] then
      return a[2] < b[2]
    end
    return a[3] < b[3]
  end)
  local S = vim.diagnostic.severity
  local m4_row, m4_col = find(lines, '[4]')
  local url_row = find(lines, 'June 2, 2023,')
  local n6_row = find(lines, '[6]')
  check('diagnostics: line, byte column, code, severity', diagnostics, {
    { m4_row, m4_col, 'undefined-note', S.ERROR },
    { url_row, #lines[url_row + 1] - 1, 'empty-url', S.WARN },
    { n6_row, 0, 'unused-note', S.WARN },
  })

  -- Go to definition from a marker after the emoji and curly quotes: the
  -- cursor lands on its note's label.
  local m2_row, m2_col = find(lines, '[2]', 1)
  local n2_row, n2_col = find(lines, '[2]', 2)
  check('definition of marker [2] lands on note [2]', cursor_after_definition(m2_row, m2_col + 1), { n2_row, n2_col })

  -- And back, from note 1's label to the first marker that cites it: the
  -- label digits inside `[1]`, a column after two curly quotes and an emoji.
  local m1_row, m1_col = find(lines, '[1]', 1)
  local n1_row = find(lines, '[1]', 2)
  check('definition of note [1] lands on marker [1]', cursor_after_definition(n1_row, 1), { m1_row, m1_col + 1 })

  -- Hover on marker [2], the Ibid: the raw answer, then the window a user sees.
  vim.api.nvim_win_set_cursor(0, { m2_row + 1, m2_col + 1 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT) or {}
  local hover
  for _, response in pairs(responses) do
    hover = response.result
  end
  local expected_hover = '**Note [2]**\n\nInes Falkner, *Honey Above the Traffic*, Urban Apiculture, 2020, 18'
    .. '\n\nIbid. → note 1 → full citation\n\nCited twice (notes 1, 2)'
  check('hover text on marker [2]', hover and hover.contents and hover.contents.value, expected_hover)
  local character = utf8 and m2_col or utf16_col(lines[m2_row + 1], m2_col)
  check('hover range on marker [2]', hover and hover.range, {
    start = { line = m2_row, character = character },
    ['end'] = { line = m2_row, character = character + 3 },
  })

  vim.lsp.buf.hover()
  wait_for('the hover window', function()
    return float_lines() ~= nil
  end)
  local shown, win = float_lines()
  local text = table.concat(shown, '\n')
  check('hover window shows the note', text:find('Note [2]', 1, true) ~= nil, true)
  check('hover window shows the Ibid chain', text:find('Ibid. → note 1 → full citation', 1, true) ~= nil, true)
  vim.api.nvim_win_close(win, true)

  -- The code lens over note [1] runs ibid.showReferences, which the
  -- plugin's command answers (with or without setup()) by listing the
  -- places that cite the note in the quickfix window.
  if client.exec_cmd then
    local lens_params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
    local lenses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeLens', lens_params, TIMEOUT) or {}
    local lens
    for _, response in pairs(lenses) do
      for _, found in ipairs(response.result or {}) do
        if found.range.start.line == n1_row then
          lens = found
        end
      end
    end
    check('a code lens over note [1]', lens and lens.command and lens.command.command, 'ibid.showReferences')
    if lens and lens.command then
      client:exec_cmd(lens.command, { bufnr = bufnr })
      local places = {}
      for _, item in ipairs(vim.fn.getqflist()) do
        table.insert(places, { item.lnum - 1, item.col - 1 })
      end
      check('its command lists the places that cite note [1]', places, { { m1_row, m1_col } })
      vim.cmd('cclose')
    end
  end

  -- Markdown footnotes: ibid attaches to Markdown buffers too, with the
  -- same client.
  local markdown = vim.fn.fnamemodify(fixture, ':h') .. '/hedgerows.md'
  vim.cmd('edit ' .. vim.fn.fnameescape(markdown))
  local md = vim.api.nvim_get_current_buf()
  check('filetype of a .md file', vim.bo[md].filetype, 'markdown')
  wait_for('a diagnostic in the Markdown file', function()
    return #vim.diagnostic.get(md) > 0
  end)
  local md_lines = vim.api.nvim_buf_get_lines(md, 0, -1, false)
  local age_row, age_col = find(md_lines, '[^age]')
  local d = vim.diagnostic.get(md)[1]
  check('Markdown: undefined footnote [^age]', { #vim.diagnostic.get(md), d.lnum, d.col, diagnostic_code(d) }, { 1, age_row, age_col, 'undefined-note' })
  check('Markdown: one client for both files', ibid_client(md).id, client.id)

  -- A command that cannot run: a message that says how to fix it.
  local notified = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(notified, { message, level })
  end
  local runs = require('ibid').check_cmd({ cmd = { '/nonexistent/ibid', 'lsp' } })
  vim.notify = notify
  check('missing binary: check_cmd says no', runs, false)
  check('missing binary: the message and its level', notified, {
    {
      'ibid: `/nonexistent/ibid` was not found: install it (`cargo install --path .` in the ibid repository) '
        .. "or give its path: require('ibid').setup({ cmd = { '/path/to/ibid', 'lsp' } })",
      vim.log.levels.ERROR,
    },
  })

  -- nvim-treesitter registration, against stand-ins for its two branches.
  local ibid = require('ibid')
  check('grammar_dir() is the grammar of this checkout', vim.fn.filereadable(ibid.grammar_dir() .. '/src/parser.c'), 1)
  local master = { configs = {} }
  master.get_parser_configs = function()
    return master.configs
  end
  package.loaded['nvim-treesitter.parsers'] = master
  ibid.register_parser('/src/ibid/grammar')
  check('nvim-treesitter master: parser config', master.configs.ibid, {
    install_info = { url = '/src/ibid/grammar', files = { 'src/parser.c', 'src/scanner.c' } },
    filetype = 'notes',
  })
  local main_branch = {}
  package.loaded['nvim-treesitter.parsers'] = main_branch
  ibid.register_parser('/src/ibid/grammar')
  check('nvim-treesitter main: parser entry', main_branch.ibid, { install_info = { path = '/src/ibid/grammar' } })
  package.loaded['nvim-treesitter.parsers'] = nil

  -- The help file: its tags are well formed and unique (checked on a copy,
  -- so that no tags file is left in the plugin).
  local doc = vim.fn.tempname()
  vim.fn.mkdir(doc, 'p')
  local plugin_doc = vim.api.nvim_get_runtime_file('doc/ibid.txt', false)[1]
  vim.fn.writefile(vim.fn.readfile(plugin_doc), doc .. '/ibid.txt')
  local helptags_ok, helptags_error = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(doc))
  check('helptags of doc/ibid.txt', helptags_ok or helptags_error, true)
  local tags = vim.fn.readfile(doc .. '/tags')
  check('help tags include ibid.setup()', vim.tbl_contains(vim.tbl_map(function(l)
    return vim.split(l, '\t')[1]
  end, tags), 'ibid.setup()'), true)

  -- Tree-sitter: the parser and this plugin's queries (when the runner
  -- built the parser; Neovim 0.7 cannot load its ABI).
  if vim.env.IBID_E2E_PARSER_DIR and vim.env.IBID_E2E_PARSER_DIR ~= '' then
    vim.api.nvim_set_current_buf(bufnr)
    check('ibid parser loads', require('ibid').has_parser(), true)
    -- setup() starts highlighting in notes buffers; without it, starting
    -- it is the user's (or nvim-treesitter's) part.
    check('highlighting started by setup() alone', vim.treesitter.highlighter.active[bufnr] ~= nil, with_setup)
    -- No language named: the filetype alone gives the parser.
    vim.treesitter.start(bufnr)
    local parser = vim.treesitter.get_parser(bufnr)
    check('the parser of the notes buffer', parser:lang(), 'ibid')
    -- Headless Neovim never redraws, so parse now rather than on redraw.
    parser:parse(true)
    local function captures(row, col)
      local names = {}
      for _, capture in ipairs(vim.treesitter.get_captures_at_pos(bufnr, row, col)) do
        table.insert(names, capture.capture)
      end
      table.sort(names)
      return names
    end
    check('captures on marker [1]', captures(m1_row, m1_col + 1), { 'markup.link.label' })
    check('captures on note label [1]', captures(n1_row, 1), { 'label' })
    local notes_row = find(lines, 'NOTES')
    check('captures on the NOTES heading', captures(notes_row, 0), { 'markup.heading', 'markup.heading.notes' })
    local url_col = select(2, find(lines, 'Urban Apiculture'))
    check('no capture in plain citation text', captures(n1_row, url_col), {})
    -- Folds: the notes section folds from its heading.
    vim.wo.foldmethod = 'expr'
    vim.wo.foldexpr = 'v:lua.vim.treesitter.foldexpr()'
    vim.cmd('normal! zx')
    check('fold levels: body, NOTES heading, a one-line note (inside the section)', {
      vim.fn.foldlevel(m1_row + 1),
      vim.fn.foldlevel(notes_row + 1),
      vim.fn.foldlevel(n1_row + 1),
    }, { 0, 1, 1 })
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  failures = failures + 1
  log('FAIL ' .. tostring(err))
end
log(string.format('nvim e2e: %d passed, %d failed', passed, failures))
if failures > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
