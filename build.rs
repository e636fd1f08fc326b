//! Link settings for the `ibid` binary.

fn main() {
    // Relative relocations in the compact RELR form: the table the dynamic
    // loader reads at every start shrinks from about half a megabyte to a
    // few kilobytes, and its pages no longer count in the resident memory
    // of a language server that runs all day. Position independence (and
    // with it address randomisation) stays. GNU ld since 2.38 and lld
    // since 15 know the option, and glibc since 2.36 reads the table;
    // an older GNU ld warns and ignores it.
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux-gnu") {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
