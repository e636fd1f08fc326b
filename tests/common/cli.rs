//! Running the real `ibid` binary from command-line tests.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// `ibid` run in `dir`, with colour and logging settings of the caller's
/// environment removed.
pub fn ibid_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("the ibid binary is built");
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("IBID_LOG")
        .timeout(Duration::from_secs(120));
    cmd
}

/// What a run printed, and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("ibid runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
