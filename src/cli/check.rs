//! `ibid check`: find the files, check them in parallel, print the report
//! in the chosen format and decide the exit status.
//!
//! Exit status: 0 when nothing at or above `--fail-on` is left, 1 when
//! something is, 2 when something could not be checked (a bad argument or
//! configuration, an unreadable, binary, oversized or non-UTF-8 file); 2
//! wins over 1. With `--fix` the findings left after fixing count; with
//! `--diff`, 1 means some file would change. Paths that hold nothing to
//! check give 0 with a warning that says so; a bad `ibid.toml` stops the run
//! before anything is checked or reported.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::discover::{self, Problem, Target};
use super::emit::{self, EmitOptions, FileReport, Summary};
use super::fix::{self, FsRename};
use super::settings::{Resolver, Settings, display_path};
use super::{
    CheckArgs, CliError, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FailOn, Format,
};
use crate::analysis::bibliography::Bibliography;
use crate::analysis::book::{Asks, Neighbours, Offer, Shelf};
use crate::analysis::diagnostics::Severity;
use crate::analysis::prescreen::nothing_to_read;
use crate::analysis::{Analysis, Document, decode};
use crate::workspace::host::{Host, Place};
use crate::workspace::severity::Overrides;

/// How many leading bytes are looked at to tell a binary file: a NUL byte
/// there and the file is not text (as Git and ripgrep decide).
const BINARY_SNIFF: usize = 8 * 1024;

/// The progress bar appears only for runs that take longer than this:
/// a quick run should print nothing but its findings.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// What happened to one file.
#[derive(Debug, Default)]
struct Outcome {
    report: Option<FileReport>,
    /// Messages about the file (unreadable, binary, not fixed, ...).
    problems: Vec<Problem>,
    /// Fixes applied (or that would be, with `--diff`).
    fixed: usize,
    diff: Option<String>,
    /// The bibliographies the document was resolved against, and the keys
    /// it cites: what `unused-entry` needs.
    bibliographies: Vec<Arc<Bibliography>>,
    cited: Vec<Arc<str>>,
    /// The file is a bibliography named on the command line: its report
    /// comes with the other bibliographies'.
    named_bibliography: bool,
    /// What the file offers the other files of its folder, read as
    /// chapters of one book, and whether a finding of its own asks for
    /// what theirs offer.
    offer: Offer,
    asks: Asks,
}

impl Outcome {
    fn problem(path: &str, message: impl Into<String>, warning: bool) -> Outcome {
        Outcome {
            problems: vec![Problem {
                path: path.to_string(),
                message: message.into(),
                warning,
            }],
            ..Outcome::default()
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Mode {
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    keep_source: bool,
}

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let overrides = Overrides::new(&args.select, &args.ignore).map_err(CliError::Usage)?;
    let mode = Mode {
        fix: args.fix,
        diff: args.diff,
        unsafe_fixes: args.unsafe_fixes,
        keep_source: args.format == Format::Human && !args.statistics,
    };
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Err(CliError::Usage(
            "`-` (standard input) cannot be mixed with other paths".to_string(),
        ));
    }
    let resolver = Resolver::new(args.config.as_deref(), overrides)
        .map_err(|e| CliError::Usage(format!("bad configuration: {e}")))?;
    let resolver = Arc::new(resolver);

    let host = Host::new();
    let (outcomes, mut problems) = if stdin {
        let outcome = check_stdin(args, &resolver, mode, &host, out)?;
        (vec![outcome], Vec::new())
    } else {
        let found = discover::discover(&args.paths, &resolver, !args.no_force_exclude);
        if !found.config_errors.is_empty() {
            let mut stderr = io::stderr().lock();
            for e in &found.config_errors {
                let _ = writeln!(stderr, "error: {}", discover::describe_config_error(e));
            }
            return Ok(EXIT_ERROR);
        }
        if found.targets.is_empty() && found.problems.is_empty() {
            warn_nothing_to_check(&args.paths, &resolver);
        }
        let outcomes = check_book(&found.targets, mode, args.quiet, &host);
        (outcomes, found.problems)
    };
    let bibliography_reports = super::bibliographies::reports(
        &outcomes_usage(&outcomes),
        &resolver,
        mode.keep_source,
        mode.unsafe_fixes,
    );
    // A file counts as checked when it was read and analysed: one skipped
    // (binary, too large, unreadable) is not a clean file.
    let checked = outcomes.iter().filter(|o| o.report.is_some()).count()
        + bibliography_reports
            .iter()
            .filter(|(r, _)| r.is_some())
            .count();
    let skipped = outcomes
        .iter()
        .filter(|o| o.report.is_none() && !o.named_bibliography)
        .count()
        + bibliography_reports
            .iter()
            .filter(|(r, _)| r.is_none())
            .count();

    let mut reports = Vec::new();
    let mut fixed = 0;
    let mut fixed_files = 0;
    let mut diffs = Vec::new();
    for outcome in outcomes {
        problems.extend(outcome.problems);
        fixed += outcome.fixed;
        fixed_files += usize::from(outcome.fixed > 0);
        diffs.extend(outcome.diff);
        reports.extend(outcome.report.filter(|r| !r.diagnostics.is_empty()));
    }
    problems.extend(
        bibliography_reports
            .iter()
            .flat_map(|(_, p)| p.iter().cloned()),
    );
    reports.extend(
        bibliography_reports
            .into_iter()
            .filter_map(|(report, _)| report)
            .filter(|r| !r.diagnostics.is_empty()),
    );

    let write = |out: &mut dyn Write| -> io::Result<()> {
        if args.diff {
            for diff in &diffs {
                out.write_all(diff.as_bytes())?;
            }
            return Ok(());
        }
        if stdin && args.fix {
            // The fixed document went to stdout already.
            return Ok(());
        }
        let summary = Summary::of(&reports, checked, skipped);
        let options = EmitOptions {
            color: use_color(args.color),
            summary: !args.quiet,
        };
        if args.statistics {
            return emit::emit_statistics(args.format, &reports, &summary, options, out);
        }
        emit::emit(args.format, &reports, &summary, options, out)
    };
    write(out).map_err(CliError::Output)?;

    let mut stderr = io::stderr().lock();
    let mut said = std::collections::HashSet::new();
    problems.retain(|p| said.insert((p.path.clone(), p.message.clone())));
    for problem in &problems {
        let kind = if problem.warning { "warning" } else { "error" };
        let _ = writeln!(stderr, "{kind}: {}: {}", problem.path, problem.message);
    }
    if !args.quiet && (args.fix || args.diff) && fixed > 0 {
        let verb = if args.diff { "Would fix" } else { "Fixed" };
        let _ = writeln!(
            stderr,
            "{verb} {fixed} problem{} in {fixed_files} file{}.",
            if fixed == 1 { "" } else { "s" },
            if fixed_files == 1 { "" } else { "s" }
        );
    }

    if problems.iter().any(|p| !p.warning) {
        return Ok(EXIT_ERROR);
    }
    let failing = if args.diff {
        !diffs.is_empty()
    } else {
        let threshold = match args.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        };
        threshold.is_some_and(|t| {
            reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .any(|d| d.severity >= t)
        })
    };
    Ok(if failing { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// Says that the paths held nothing to check. The run still exits 0, as
/// ruff and rumdl do: a folder with no notes yet (a new repository, a
/// pre-commit hook run over a commit that touches none) is not a failure,
/// but a silent 0 would pass for "checked and clean".
fn warn_nothing_to_check(paths: &[PathBuf], resolver: &Resolver) {
    let shown: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
    let extensions = paths
        .first()
        .and_then(|p| resolver.for_path(p).ok())
        .map(|s| {
            s.config
                .extensions
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let _ = writeln!(
        io::stderr().lock(),
        "warning: no files to check in {}: no file there has a checked extension ({extensions}) or all are excluded",
        shown.join(", ")
    );
}

/// Colour where the terminal takes it, decided as the other Rust tools
/// decide (anstream): a terminal, unless `NO_COLOR` is set or `TERM` is
/// `dumb`; `CLICOLOR_FORCE` forces it.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(&io::stdout()),
            anstream::ColorChoice::Never
        ),
    }
}

/// Which bibliographies the documents used, and the keys they cite; the
/// bibliographies named on the command line, with no keys.
fn outcomes_usage(outcomes: &[Outcome]) -> Vec<super::bibliographies::Usage> {
    outcomes
        .iter()
        .flat_map(|o| {
            let cited = (!o.named_bibliography).then(|| o.cited.clone());
            o.bibliographies
                .iter()
                .map(move |b| (b.clone(), cited.clone()))
        })
        .collect()
}

/// Checks every target, reading the files of one folder as chapters of a
/// book ([`crate::analysis::book`]): a first pass learns what each file
/// offers the others, and a file is checked again with its neighbours'
/// offers where they answer one of its findings. Only the unsafe fixes
/// depend on the neighbours (no empty note is added for a marker that a
/// notes file answers): with them, the first pass only reads and every
/// file is fixed with its shelf; a safe fix is written in the first pass,
/// and the file is read again from disk for its report.
fn check_book(targets: &[Target], mode: Mode, quiet: bool, host: &Host) -> Vec<Outcome> {
    let fixing = mode.fix || mode.diff;
    let shelf_first = fixing && mode.unsafe_fixes;
    let reading = Mode {
        fix: false,
        diff: false,
        ..mode
    };
    let shelves = vec![None; targets.len()];
    let first = if shelf_first { reading } else { mode };
    let mut outcomes = check_all(targets, first, quiet, host, &shelves);
    let shelves = shelves_of(targets, &outcomes, shelf_first);
    if shelf_first {
        // Every file is fixed, with or without a shelf.
        return check_all(targets, mode, quiet, host, &shelves);
    }
    let again: Vec<usize> = (0..targets.len())
        .filter(|&i| {
            shelves[i]
                .as_ref()
                .is_some_and(|n| n.answers_any(&outcomes[i].asks))
        })
        .collect();
    let rechecked: Vec<(usize, Outcome)> = again
        .par_iter()
        .map(|&i| {
            (
                i,
                check_file(&targets[i], reading, host, shelves[i].clone()),
            )
        })
        .collect();
    for (i, outcome) in rechecked {
        // What the first pass fixed, wrote or could not write stands; the
        // report is the file's as it is now.
        if fixing {
            outcomes[i].report = outcome.report;
        } else {
            outcomes[i] = outcome;
        }
    }
    outcomes
}

/// Each target's view of what the files checked in its folder offer, for
/// the folders where a file asks for something (or all, when fixing) and
/// another offers something.
fn shelves_of(targets: &[Target], outcomes: &[Outcome], fixing: bool) -> Vec<Option<Neighbours>> {
    let mut folders: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, target) in targets.iter().enumerate() {
        if let Some(folder) = target.path.parent() {
            folders.entry(folder).or_default().push(i);
        }
    }
    let mut shelves = vec![None; targets.len()];
    for members in folders.values().filter(|m| m.len() > 1) {
        if !fixing && members.iter().all(|&i| outcomes[i].asks.is_empty()) {
            continue;
        }
        let shelf = Shelf::gather(
            members.iter().map(|&i| &outcomes[i].offer),
            members.iter().map(|&i| &outcomes[i].asks),
        );
        let shelf = Arc::new(shelf);
        for (own, &i) in members.iter().enumerate() {
            let neighbours = Neighbours {
                shelf: shelf.clone(),
                own,
            };
            if !neighbours.is_empty() {
                shelves[i] = Some(neighbours);
            }
        }
    }
    shelves
}

/// Checks every target on rayon's pool, each with its shelf; the outcomes
/// are in target order.
fn check_all(
    targets: &[Target],
    mode: Mode,
    quiet: bool,
    host: &Host,
    shelves: &[Option<Neighbours>],
) -> Vec<Outcome> {
    let bar = progress_bar(targets.len(), quiet);
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    let outcomes = targets
        .par_iter()
        .zip(shelves)
        .map(|(target, shelf)| {
            let outcome = check_file(target, mode, host, shelf.clone());
            if let Some(bar) = &bar {
                if !shown.load(Ordering::Relaxed) && started.elapsed() > PROGRESS_DELAY {
                    shown.store(true, Ordering::Relaxed);
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                }
                bar.inc(1);
            }
            outcome
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    outcomes
}

/// A hidden bar that shows itself after [`PROGRESS_DELAY`]; none when
/// stderr is not a terminal or with `--quiet`.
fn progress_bar(len: usize, quiet: bool) -> Option<ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// Reads a file, refusing what is not a regular file or is too large.
fn read(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| discover::io_reason(&e))?;
    if !metadata.is_file() {
        return Err("not a regular file; skipped".to_string());
    }
    if metadata.len() > max {
        return Err(format!(
            "{} bytes is over the maximum file size of {max} bytes (`max-file-size` in ibid.toml); skipped",
            metadata.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| discover::io_reason(&e))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // A file that grows while it is read is still held to the maximum.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| discover::io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "over the maximum file size of {max} bytes (`max-file-size` in ibid.toml); skipped"
        ));
    }
    Ok(bytes)
}

/// A bibliography named on the command line: read (its findings are
/// reported with the other bibliographies'), or why it could not be.
fn check_named_bibliography(target: &Target, host: &Host) -> Outcome {
    let format = crate::analysis::bibliography::Format::of_path(&target.path);
    if let Some(format) = format.filter(|f| *f != crate::analysis::bibliography::Format::Bib) {
        let head = read(&target.path, target.settings.config.max_file_size)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        if head.is_ok_and(|text| !Bibliography::sniff(format, &text)) {
            return Outcome::problem(
                &target.display,
                "neither a CSL bibliography (a list of entries with an `id`) nor a file with a checked extension; skipped",
                true,
            );
        }
    }
    match host.store().load(&target.path) {
        Ok(bibliography) => Outcome {
            bibliographies: vec![bibliography],
            named_bibliography: true,
            ..Outcome::default()
        },
        Err(reason) => Outcome::problem(&target.display, reason, false),
    }
}

fn check_file(target: &Target, mode: Mode, host: &Host, shelf: Option<Neighbours>) -> Outcome {
    if target.bibliography {
        return check_named_bibliography(target, host);
    }
    let settings = &target.settings;
    let bytes = match read(&target.path, settings.config.max_file_size) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::problem(&target.display, message, false),
    };
    let path = Some(target.path.as_path());
    let mut outcome = check_bytes(
        &target.display,
        path,
        &bytes,
        settings,
        mode,
        host,
        shelf.clone(),
    );
    if mode.fix
        && let Some(fixed) = outcome.diff.take()
    {
        match fix::write_atomically(&target.path, &bytes, fixed.as_bytes(), &FsRename) {
            Ok(()) => {}
            Err(e) => {
                outcome.fixed = 0;
                outcome.problems.push(Problem {
                    path: target.display.clone(),
                    message: e.to_string(),
                    warning: matches!(e, fix::WriteError::Changed),
                });
                // Report what is in the file, not what would have been.
                let unfixed = check_bytes(
                    &target.display,
                    path,
                    &bytes,
                    settings,
                    Mode { fix: false, ..mode },
                    host,
                    shelf,
                );
                outcome.report = unfixed.report;
            }
        }
    }
    outcome
}

/// Checks (and fixes) one document. With `mode.fix`, `diff` carries the
/// fixed text to write; with `mode.diff`, the diff to print.
fn check_bytes(
    display: &str,
    path: Option<&Path>,
    bytes: &[u8],
    settings: &Settings,
    mode: Mode,
    host: &Host,
    shelf: Option<Neighbours>,
) -> Outcome {
    if let Some(at) = bytes.iter().take(BINARY_SNIFF).position(|&b| b == 0) {
        return Outcome::problem(
            display,
            format!("binary file (NUL byte at offset {at}); skipped"),
            false,
        );
    }
    let decoded = decode(bytes);
    let mut outcome = Outcome::default();
    if let Some(first) = decoded.invalid.first() {
        outcome.problems.push(Problem {
            path: display.to_string(),
            message: format!(
                "not valid UTF-8 (first bad byte at offset {}); checked with U+FFFD in its place{}",
                first.original_offset,
                if mode.fix || mode.diff {
                    ", not fixed"
                } else {
                    ""
                }
            ),
            warning: false,
        });
    }
    let fixing = (mode.fix || mode.diff) && decoded.invalid.is_empty();
    // A text nothing could be found in is not parsed. Bytes that were not
    // UTF-8 are a finding, and a configured bibliography is read for every
    // document and reports of its own.
    if !fixing
        && decoded.invalid.is_empty()
        && settings.config.bibliography.is_empty()
        && nothing_to_read(&decoded.text)
    {
        outcome.report = Some(FileReport {
            path: display.to_string(),
            source: mode.keep_source.then_some(decoded.text),
            diagnostics: Vec::new(),
        });
        return outcome;
    }
    let decoded_text = if fixing {
        decoded.text.clone()
    } else {
        String::new()
    };
    let place = Place {
        path,
        config: &settings.config,
        search_root: settings.search_root(),
    };
    let (mut document, mut analysis, bibliographies) = if fixing {
        let fixed = fix::fix_text(
            decoded.text.clone(),
            path,
            settings,
            mode.unsafe_fixes,
            shelf.as_ref(),
        );
        if fixed.order_kept {
            outcome.problems.push(Problem {
                path: display.to_string(),
                message: "notes renumbered but not moved into order: moving them would change what an Ibid or a short form refers to".to_string(),
                warning: true,
            });
        }
        if fixed.text != decoded.text {
            outcome.fixed = fixed.applied.max(1);
            outcome.diff = Some(if mode.diff {
                fix::diff(display, &decoded.text, &fixed.text)
            } else {
                fixed.text.clone()
            });
        }
        let (document, mut analysis) = (fixed.document, fixed.analysis);
        let bibliographies = host.resolve(&place, document.text(), &mut analysis);
        (document, analysis, bibliographies)
    } else {
        let checked = host.check_decoded(decoded, &place);
        let mut analysis = checked.analysis;
        if let Some(shelf) = &shelf {
            analysis.shelve(checked.document.text(), shelf.clone());
        }
        (checked.document, analysis, checked.bibliographies)
    };
    outcome.bibliographies = bibliographies.files.clone();
    for missing in bibliographies.missing.iter().filter(|m| m.range.is_none()) {
        outcome.problems.push(Problem {
            path: missing.path.clone(),
            message: format!(
                "bibliography named in ibid.toml cannot be read: {}",
                missing.reason
            ),
            warning: true,
        });
    }
    // Key corrections need the bibliographies, which the fixing above did
    // not have: with `--unsafe-fixes` they are applied here.
    if fixing && mode.unsafe_fixes {
        let edits: Vec<crate::analysis::TextEdit> = settings
            .apply(path, analysis.diagnostics.clone())
            .into_iter()
            .filter(|d| d.code == "unknown-citekey")
            .filter_map(|d| d.fix)
            .flat_map(|f| f.edits)
            .collect();
        if !edits.is_empty() {
            let next = crate::analysis::diagnostics::apply_edits(document.text(), &edits);
            document = Document::new_as(next, document.dialect());
            analysis = Analysis::of(&document);
            host.resolve(&place, document.text(), &mut analysis);
            if let Some(shelf) = &shelf {
                analysis.shelve(document.text(), shelf.clone());
            }
            outcome.fixed += edits.len();
            outcome.diff = Some(if mode.diff {
                fix::diff(display, &decoded_text, document.text())
            } else {
                document.text().to_string()
            });
        }
    }
    outcome.cited = analysis.cites.iter().map(|c| c.key.clone()).collect();
    outcome.offer = Offer::of(&analysis);
    outcome.asks = Asks::of(&analysis);
    let diagnostics = settings.apply(path, analysis.diagnostics);
    let located = emit::locate(
        document.text(),
        document.rope(),
        &diagnostics,
        mode.unsafe_fixes,
    );
    outcome.report = Some(FileReport {
        path: display.to_string(),
        source: mode.keep_source.then(|| document.text().to_string()),
        diagnostics: located,
    });
    outcome
}

/// `ibid check -`: one document from standard input. With `--fix` the
/// fixed document is written to standard output, as formatters do in a
/// pipeline.
fn check_stdin(
    args: &CheckArgs,
    resolver: &Resolver,
    mode: Mode,
    host: &Host,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let name = args
        .stdin_filename
        .as_ref()
        .map_or_else(|| "<stdin>".to_string(), |p| display_path(p));
    let anchor = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let settings = resolver
        .for_path(&anchor)
        .map_err(|e| CliError::Usage(format!("bad configuration: {e}")))?;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(settings.config.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| CliError::Read {
            path: PathBuf::from("<stdin>"),
            source,
        })?;
    if bytes.len() as u64 > settings.config.max_file_size {
        return Ok(Outcome::problem(
            &name,
            format!(
                "over the maximum file size of {} bytes (`max-file-size` in ibid.toml); skipped",
                settings.config.max_file_size
            ),
            false,
        ));
    }
    let path = args.stdin_filename.as_deref();
    let mut outcome = check_bytes(&name, path, &bytes, &settings, mode, host, None);
    if mode.fix {
        let text = match outcome.diff.take() {
            Some(fixed) => fixed.into_bytes(),
            None => bytes,
        };
        out.write_all(&text).map_err(CliError::Output)?;
    }
    Ok(outcome)
}
