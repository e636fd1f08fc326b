//! Compiles the generated C parser and the hand-written external scanner.
//!
//! `src/parser.c` is produced by `tree-sitter generate` and committed, so a
//! plain `cargo build` needs only a C11 compiler, never the tree-sitter CLI.

use std::path::Path;

fn main() {
    let src_dir = Path::new("src");
    let parser = src_dir.join("parser.c");
    let scanner = src_dir.join("scanner.c");

    let mut build = cc::Build::new();
    build
        .std("c11")
        .include(src_dir)
        .file(&parser)
        .file(&scanner)
        // Generated tables trip many warnings that are not ours to fix; they
        // would bury the warnings of real code in every build log.
        .warnings(false)
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs");

    // MSVC reads sources in the local code page unless told otherwise, and
    // the grammar's tables contain UTF-8 literals.
    #[cfg(target_env = "msvc")]
    build.flag("-utf-8");

    for path in [
        parser.as_path(),
        scanner.as_path(),
        &src_dir.join("tree_sitter").join("parser.h"),
    ] {
        println!("cargo:rerun-if-changed={}", path.display());
    }

    build.compile("tree-sitter-ibid");
}
