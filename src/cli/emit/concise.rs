//! `--format concise`: `path:line:column: severity[code] message`, one line
//! per finding, for grep, editors' quickfix lists and eyes in a hurry.

use std::io::{self, Write};

use super::FileReport;

pub(super) fn emit(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        for d in &report.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path,
                d.start.line,
                d.start.column,
                d.severity.as_str(),
                d.code,
                one_line(&d.message)
            )?;
        }
    }
    Ok(())
}

/// A message on one line, whatever it quotes.
pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::cli::Format;
    use crate::cli::emit::tests::render;

    #[test]
    fn one_line_per_finding() {
        insta::assert_snapshot!(render(Format::Concise));
    }
}
