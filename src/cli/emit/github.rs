//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines.
//!
//! `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`;
//! property values escape `%`, CR, LF, `:` and `,`; the message escapes
//! `%`, CR and LF (the runner's own rules).

use std::io::{self, Write};

use super::FileReport;
use crate::analysis::diagnostics::Severity;

pub(super) fn emit(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&report.path),
                d.start.line,
                d.start.column,
                d.end.line,
                d.end.column,
                property(&format!("ibid ({})", d.code)),
                data(&d.message),
            )?;
        }
    }
    Ok(())
}

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::cli::emit::tests::render;

    #[test]
    fn one_annotation_per_finding() {
        insta::assert_snapshot!(render(Format::Github));
    }

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(data("50% of\r\nit"), "50%25 of%0D%0Ait");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
