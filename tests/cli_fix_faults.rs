//! `--fix` never loses data. The real binary is killed (SIGKILL, no chance
//! to clean up) at many moments while it fixes a folder of files; after
//! each kill every file must hold either its old text or its fixed text,
//! never a mix of the two, a truncated file or nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_ibid");
const FILES: usize = 120;

/// A document whose notes are out of order, padded to about 40 KB so that
/// writing takes long enough to be interrupted.
fn document(i: usize) -> String {
    let mut text = format!("Essay {i}\n\n");
    for p in 0..120 {
        text.push_str(&format!(
            "Paragraph {p} of essay {i} says that tolls “rose” at the ford 🙂 and fell again later in the season.[2] Ports grew.[1]\n\n"
        ));
    }
    text.push_str(&format!(
        "NOTES\n\n[1] Priya Nair, “Ports {i},” Spice Review, May 2, 2019.\n[2] Priya Nair, “Tolls {i},” Spice Review, May 9, 2019.\n"
    ));
    text
}

fn write_all(dir: &Path) {
    for i in 0..FILES {
        fs::write(dir.join(format!("essay{i:03}.txt")), document(i)).expect("write a fixture");
    }
}

fn fix(dir: &Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["check", "--fix", "--quiet", "--fail-on", "never"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn a_fix_killed_at_any_moment_leaves_each_file_old_or_new() {
    // The fixed text of every file, from an uninterrupted run.
    let reference = tempfile::tempdir().expect("temp dir");
    write_all(reference.path());
    let status = fix(reference.path()).status().expect("ibid runs");
    assert!(status.success(), "{status:?}");
    let fixed: Vec<String> = (0..FILES)
        .map(|i| {
            fs::read_to_string(reference.path().join(format!("essay{i:03}.txt"))).expect("read")
        })
        .collect();
    for (i, text) in fixed.iter().enumerate() {
        assert_ne!(text, &document(i), "file {i} was not fixed");
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let mut partial_runs = 0;
    for step in 0..40u64 {
        write_all(dir.path());
        let mut child = fix(dir.path()).spawn().expect("ibid starts");
        std::thread::sleep(Duration::from_millis(step * 7));
        let _ = child.kill();
        let _ = child.wait();
        let mut new = 0;
        for (i, fixed) in fixed.iter().enumerate() {
            let path = dir.path().join(format!("essay{i:03}.txt"));
            let text = fs::read_to_string(&path).expect("the file exists and is UTF-8");
            if &text == fixed {
                new += 1;
            } else {
                assert_eq!(
                    text,
                    document(i),
                    "essay{i:03}.txt is neither old nor new after a kill at {} ms",
                    step * 7
                );
            }
        }
        if 0 < new && new < FILES {
            partial_runs += 1;
        }
        // Temporary files left by a kill are ignored by the next run (their
        // extension is not checked) and never replace a file.
        for entry in fs::read_dir(dir.path()).expect("list") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".ibid-fix-") {
                fs::remove_file(dir.path().join(&*name)).expect("remove a temporary");
            }
        }
    }
    assert!(
        partial_runs > 0,
        "no kill landed while files were being written"
    );
}
