-- A Neovim session with our language server, driven headless by test/unit/neovim.test.ts: open a manifest as YAML,
-- wait for diagnostics, ask for code actions at the first statefulset-emptydir finding, apply the preferred one,
-- write the buffer, and report all of it as JSON. Written against Neovim 0.7 (Debian's): `vim.lsp.start_client`;
-- later releases have `vim.lsp.config`/`vim.lsp.enable` on top of the same client.
local node, server = os.getenv('K8SP_NODE'), os.getenv('K8SP_SERVER')
local manifest, report = os.getenv('K8SP_MANIFEST'), os.getenv('K8SP_REPORT')

local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, report)
  vim.cmd(result.error and 'cquit 1' or 'qall!')
end

local function session()
  vim.cmd('edit ' .. vim.fn.fnameescape(manifest))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'
  -- The seed has no final line break; Neovim would add one on :write, and the test compares bytes.
  vim.bo[bufnr].fixendofline = false
  local client_id = vim.lsp.start_client({
    name = 'k8s-persistence',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(manifest, ':h'),
  })
  assert(client_id, 'the server starts')
  vim.lsp.buf_attach_client(bufnr, client_id)

  assert(vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), 'no diagnostics within 20 s')
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(diagnostics, {
      code = lsp.code or d.code, source = d.source, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end

  local target
  for _, d in ipairs(diagnostics) do
    if d.code == 'statefulset-emptydir' then target = d end
  end
  assert(target, 'a statefulset-emptydir diagnostic')
  -- As `vim.lsp.buf.code_action()` asks: the range under the cursor and the line's diagnostics, in LSP terms.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  assert(responses and responses[client_id] and not responses[client_id].err, 'code actions answered')
  local actions, preferred = {}, nil
  for _, action in ipairs(responses[client_id].result or {}) do
    table.insert(actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred == true, command = action.command ~= nil })
    if action.isPreferred and not preferred then preferred = action end
  end
  assert(preferred, 'a preferred code action')
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  vim.cmd('write')

  -- The fixed buffer is analysed again: the finding is gone.
  local fixed = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      if (lsp.code or d.code) == 'statefulset-emptydir' then return false end
    end
    return true
  end, 50)
  local after = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(after, d.message) end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  return { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
    diagnostics = diagnostics, actions = actions, applied = preferred.title, cleared = fixed, after = after }
end

local ok, result = pcall(session)
finish(ok and result or { error = tostring(result) })
