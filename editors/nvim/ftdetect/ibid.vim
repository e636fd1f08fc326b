" Research notes: files ending in .notes have the filetype `notes`.
" Markdown (.md) and plain text (.txt) keep their own filetypes; ibid attaches
" to them as well (see :help ibid).
autocmd BufRead,BufNewFile *.notes setfiletype notes
