//! Link settings for the `ibid` binary.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Relative relocations in the compact RELR form: the table the dynamic
    // loader reads at every start shrinks from about half a megabyte to a
    // few kilobytes, and its pages no longer count in the resident memory
    // of a language server that runs all day. Position independence (and
    // with it address randomisation) stays.
    //
    // The loader must know the form: glibc reads it since 2.36, and the
    // linker marks the binary as needing such a glibc. Built on an older
    // glibc it would not start on the machine that built it, so the option
    // is used only when building for the machine itself with glibc 2.36
    // or later (GNU ld since 2.38 and lld since 15 know it); elsewhere it
    // is an optimisation done without.
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target == host && target.contains("linux-gnu") && glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the C library of the machine building is glibc `major.minor`
/// or later, as `getconf GNU_LIBC_VERSION` says (`glibc 2.36`).
fn glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(output) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let Some(version) = text.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}
