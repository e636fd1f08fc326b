//! What both front ends need between the analysis and the user: the
//! configuration, the bibliography files, which files a folder holds, how
//! loud each finding is, and the one-document pipeline that ties them to
//! the analysis. The command line and the language server each call this
//! layer rather than assembling their own; it knows nothing of either (no
//! protocol, no async runtime, no terminal), only of files.

pub mod bibfiles;
pub mod config;
pub mod discover;
pub mod host;
pub mod severity;
