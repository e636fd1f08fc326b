" Research notes: one paragraph per line is normal, so wrap long lines at
" word boundaries instead of scrolling sideways.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal wrap linebreak breakindent
let b:undo_ftplugin = 'setlocal wrap< linebreak< breakindent<'
