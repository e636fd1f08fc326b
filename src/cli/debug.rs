//! `ibid debug ...`: hidden commands for developing ibid.

use std::io::Write;
use std::path::Path;

use super::CliError;
use crate::analysis::testgen::shapes::Shape;

/// Writes `files` generated documents of about `size` bytes each into
/// `dir`, spread over folders of 100, for the `check` benchmark; `shape` is
/// one of the names of [`Shape`] (clap has checked it).
pub(super) fn gen_corpus(
    dir: &Path,
    files: usize,
    size: usize,
    shape: &str,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let shape = Shape::from_name(shape).unwrap_or(Shape::Notes);
    let write_error = |path: &Path, source| CliError::Read {
        path: path.to_owned(),
        source,
    };
    let mut total = 0;
    for i in 0..files {
        let folder = dir.join(format!("part-{:03}", i / 100));
        std::fs::create_dir_all(&folder).map_err(|e| write_error(&folder, e))?;
        let path = folder.join(format!("essay-{i:05}.{}", shape.extension()));
        let text = shape.generate(size, i as u64 + 1);
        total += text.len();
        std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
    }
    writeln!(out, "{files} files, {total} bytes in {}", dir.display()).map_err(CliError::Output)
}
