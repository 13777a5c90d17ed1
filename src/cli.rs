//! Command-line interface: clap definitions (every flag documented where it is
//! defined) and the glue from arguments to the library and to an exit code.

use std::io::{self, ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{Ansi, NoColor};

use topolint::finding::{Report, Severity};
use topolint::pack::Pack;
use topolint::rules::selection;
use topolint::scope::{self, Judging};
use topolint::suppress::baseline::Baseline;
use topolint::walk::lexically_normal;
use topolint::{CheckOptions, fix, report, rules};

/// Exit code: nothing at or above --fail-on.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above --fail-on.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, config or read errors (the scan is incomplete).
pub const EXIT_ERROR: u8 = 2;

/// The repository's pack file, looked up from the scan root upwards.
const CONFIG_NAME: &str = ".topolint.toml";

/// Keeps configs pointed at load balancers, not at the database and Redis nodes behind them.
#[derive(Debug, Parser)]
#[command(name = "topolint", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories against the topology.
    Check(Box<CheckArgs>),
    /// List every rule with its id, severity and summary.
    Rules,
    /// Explain a rule: what it catches, why it matters, how to fix it, an example.
    Explain {
        /// A rule id, e.g. node-address.
        rule: String,
    },
    /// Write a commented starter .topolint.toml.
    Init(InitArgs),
    /// Repair what has exactly one right answer: a node in a connection
    /// becomes its service's endpoint, a wrong discovery list the node set.
    Fix(Box<FixArgs>),
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// Print a unified diff of every change and write nothing (exit 1 when
    /// there is anything to fix).
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Take the nodes from an inventory table (TSV with HOSTNAME, IP_PRIVATE,
    /// ROLE, SUBROLE): the config points at it, so the topology cannot drift.
    #[arg(long, value_name = "FILE")]
    pub from_inventory: Option<PathBuf>,
    /// Read the repository's own cluster definitions (HAProxy, Patroni,
    /// Sentinel and Redis configs, etcd, Ansible inventories, compose,
    /// servers.tsv) and write a pack of the topology they describe.
    #[arg(long, conflicts_with = "from_inventory")]
    pub discover: bool,
    /// Where to write the config.
    #[arg(long, value_name = "FILE", default_value = ".topolint.toml")]
    pub output: PathBuf,
    /// Overwrite an existing config.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and directories to check. Files named here are checked even when
    /// ignored or excluded.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rule pack to use instead of .topolint.toml (looked up in the scan
    /// root, then its parents up to the repository's top; the built-in
    /// pack when there is none).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour in human output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the findings: no notes and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: the number of CPUs).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Hide the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (the run then exits 0
    /// unless the scan is incomplete).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also list what the allowlist, inline suppressions and the baseline hid,
    /// with their reasons.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Check the staged (index) content of staged files: what the commit will
    /// contain, not the working tree.
    #[arg(long, conflicts_with = "diff_base")]
    pub staged: bool,
    /// Report only findings on lines added or changed since the merge base of
    /// REF and HEAD (working tree included). A change to the pack or baseline
    /// is judged with their version at the merge base, and reported.
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// Apply the pack's excludes to explicitly named files too (pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
    /// Append one timestamped result line to FILE (the cron guard).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Apply the fixes that have one right answer first, then report what is
    /// left (as `topolint fix`).
    #[arg(long, conflicts_with = "staged")]
    pub fix: bool,
    /// With --fix (or `topolint fix`): also apply fixes whose intent is
    /// unclear (cross-service, endpoint-bypass, a node outside a service
    /// context).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Write node_exporter textfile-collector metrics of the run to FILE,
    /// atomically (also when the scan is incomplete or cannot start).
    #[arg(long, value_name = "FILE")]
    pub metrics: Option<PathBuf>,
    /// Report only these rules, comma separated (read-error always stays).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Do not report these rules, comma separated (read-error cannot be ignored).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets, then a summary.
    Human,
    /// The stable JSON schema (version 1).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors.
    Error,
    /// Fail on errors and warnings.
    Warning,
    /// Never fail on findings (errors reading files still exit 2).
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Fix(args) => fix_command(&args),
        Command::Rules => list_rules().map(|()| EXIT_CLEAN),
        Command::Explain { rule } => explain(&rule),
        Command::Init(args) => init(&args).map(|()| EXIT_CLEAN),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn check(args: &CheckArgs) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    if args.fix {
        apply_fixes(args, false)?;
    }
    let outcome = run_check(args);
    if let Some(path) = &args.metrics {
        let now = jiff::Timestamp::now().as_millisecond() as f64 / 1000.0;
        let text = report::metrics::render(outcome.as_ref().ok(), now, started.elapsed());
        write_metrics(path, &text).map_err(|error| {
            anyhow::anyhow!("cannot write the metrics {}: {error}", path.display())
        })?;
    }
    if let Some(log) = &args.log {
        let line = log_line(&outcome, args.fail_on);
        append_line(log, &line).map_err(|error| {
            anyhow::anyhow!("cannot append to the log {}: {error}", log.display())
        })?;
    }
    let report = outcome?;
    write_report(&report, args)?;
    if let Some(path) = &args.write_baseline {
        in_its_directory(path).map_err(|error| {
            anyhow::anyhow!("cannot write the baseline {}: {error}", path.display())
        })?;
        Baseline::of(&report.findings).write(path)?;
        eprintln!(
            "wrote {} findings to the baseline {}",
            report.findings.len(),
            path.display()
        );
        return Ok(if report.is_incomplete() {
            EXIT_ERROR
        } else {
            EXIT_CLEAN
        });
    }
    Ok(exit_code(&report, args.fail_on))
}

/// `topolint fix`: the fixes written (or shown), then the check of what is left.
fn fix_command(args: &FixArgs) -> anyhow::Result<u8> {
    let anything = apply_fixes(&args.check, args.diff)?;
    if args.diff {
        return Ok(if anything { EXIT_FINDINGS } else { EXIT_CLEAN });
    }
    let report = run_check(&args.check)?;
    write_report(&report, &args.check)?;
    Ok(exit_code(&report, args.check.fail_on))
}

fn run_check(args: &CheckArgs) -> anyhow::Result<Report> {
    let (pack, mut options, topology) = prepare_with_topology(args)?;
    Ok(match topology {
        Some(head) => scope::review(&pack, &head.pack, &head.origin, head.since, &mut options)?,
        None => topolint::check(&pack, &options),
    })
}

/// The pack and the options a check runs with.
fn prepare(args: &CheckArgs) -> anyhow::Result<(Pack, CheckOptions)> {
    let (pack, mut options, topology) = prepare_with_topology(args)?;
    if let Some(since) = topology.and_then(|head| head.since) {
        since.narrow(&mut options)?;
    }
    Ok((pack, options))
}

/// The head's topology, when `--diff-base` or `--staged` reviews a change of it.
struct HeadTopology {
    pack: Pack,
    /// Where the topology changed, for messages.
    origin: String,
    /// With `--diff-base`: the change, its lines not listed yet.
    since: Option<scope::DiffScope>,
}

/// As [`prepare`], with the head's topology.
fn prepare_with_topology(
    args: &CheckArgs,
) -> anyhow::Result<(Pack, CheckOptions, Option<HeadTopology>)> {
    for path in &args.paths {
        // A typo is a usage error, not an unreadable file.
        if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == ErrorKind::NotFound) {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let mut options = plan(args);
    options.select = args
        .select
        .as_deref()
        .map(|ids| selection::rule_ids("--select", ids))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    options.ignore = selection::rule_ids("--ignore", &args.ignore).map_err(anyhow::Error::msg)?;
    let mut judging = read_judging(args, &options.root)?;
    if args.staged {
        scope::staged(&mut judging, &mut options)?;
    }
    if let Some(reference) = &args.diff_base {
        // The change is judged with the base's pack, but a change that
        // breaks the pack fails now, not at the next full run. Validated
        // while git finds the base.
        let head = judging.pack.clone();
        let (validated, reviewed) = std::thread::scope(|scope| {
            let validation = scope.spawn(|| {
                head.map_or(Ok(()), |(path, text)| {
                    Pack::from_toml(&path.display().to_string(), &text).map(drop)
                })
            });
            let reviewed = scope::diff_base(reference, &mut judging, &mut options);
            let validated = validation
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (validated, reviewed)
        });
        validated.with_context(|| "the pack in the working tree is invalid")?;
        reviewed?;
    }
    let pack_path = judging
        .pack
        .as_ref()
        .map(|(path, _)| path.clone())
        .or_else(|| args.config.clone().or_else(|| find_config(&options.root)));
    let located = |mut pack: Pack, path: &Path| {
        pack.root_prefix = root_prefix(&options.root, path);
        pack.path = Some(path.to_path_buf());
        pack
    };
    let change = judging.topology.take();
    let (pack, head) = std::thread::scope(|scope| {
        // The head's pack loads beside the base's.
        let head = match (&change, &pack_path) {
            (Some(change), Some(path)) => Some(
                scope.spawn(|| Pack::from_toml(&path.display().to_string(), &change.head_pack)),
            ),
            _ => None,
        };
        let pack = match judging.pack {
            Some((path, text)) => Pack::from_toml_with_inventory(
                &path.display().to_string(),
                &text,
                judging.inventory.take(),
            )
            .map(|pack| located(pack, &path)),
            None => Pack::builtin(),
        };
        let head = head.map(|loading| {
            loading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (pack, head)
    });
    let pack = pack?;
    // A check of a directory below the pack's is not the whole repository:
    // entries for the rest of it are not unused.
    options.full_scan &= pack.root_prefix.is_empty();
    let topology = match (change, pack_path, head) {
        (Some(change), Some(path), Some(head)) => {
            let head = head.with_context(|| "the pack in the working tree is invalid")?;
            // The hosts the change retires stay known: stale where used.
            let retired = scope::retired_hosts(&pack, &head);
            let head = if retired.is_empty() {
                head
            } else {
                let file = path.display().to_string();
                Pack::from_toml(&file, &format!("{}{retired}", change.head_pack)).unwrap_or(head)
            };
            Some(HeadTopology {
                pack: located(head, &path),
                origin: change.origin,
                since: change.since,
            })
        }
        (Some(change), None, _) => {
            // No pack file to name: the change is judged on its lines only.
            if let Some(since) = change.since {
                since.narrow(&mut options)?;
            }
            None
        }
        _ => None,
    };
    if let Some((path, text)) = judging.baseline {
        let baseline = Baseline::parse(&text)
            .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        options.baseline = Some((baseline.fingerprints(), path.display().to_string()));
    }
    Ok((pack, options, topology))
}

/// Applies the fixes of a check's findings (or, with `diff`, prints them):
/// what changed and what is left, on stderr. Whether anything was to fix.
fn apply_fixes(args: &CheckArgs, diff: bool) -> anyhow::Result<bool> {
    let (pack, options) = prepare(args)?;
    let report = topolint::check(&pack, &options);
    if report.is_incomplete() {
        anyhow::bail!("the scan is incomplete (a file could not be read): nothing was fixed");
    }
    let (changes, left) = fix::plan(&pack, &report, &options.root, args.unsafe_fixes);
    let mut fixed: Vec<(&str, usize)> = Vec::new();
    for change in &changes {
        if diff {
            print!("{}", fix::diff(&pack, change));
        } else {
            fix::write(change)
                .with_context(|| format!("cannot write {}", change.path.display()))?;
        }
        for rule in &change.fixed_rules {
            match fixed.iter_mut().find(|(id, _)| id == rule) {
                Some((_, count)) => *count += 1,
                None => fixed.push((rule, 1)),
            }
        }
    }
    let count = |list: &[(&str, usize)]| {
        list.iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let total: usize = fixed.iter().map(|(_, n)| n).sum();
    let verb = if diff { "would fix" } else { "fixed" };
    if total > 0 {
        eprintln!(
            "{verb} {total} finding(s) in {} file(s) ({})",
            changes.len(),
            count(&fixed)
        );
    } else {
        eprintln!("nothing to fix");
    }
    let mut by_reason: Vec<(String, usize)> = Vec::new();
    for item in &left {
        let key = format!("{}: {}", item.rule, item.reason);
        match by_reason.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => by_reason.push((key, 1)),
        }
    }
    for (what, n) in by_reason {
        eprintln!("left {n} {what}");
    }
    Ok(!changes.is_empty())
}

/// The check the arguments ask for, before git narrows it: the scan root (the
/// one directory named, else `.`), topolint's own files, and whether the whole
/// root is checked.
fn plan(args: &CheckArgs) -> CheckOptions {
    let root = match args.paths.as_slice() {
        [only] if only.is_dir() => only.clone(),
        _ => PathBuf::from("."),
    };
    let mut options = CheckOptions::new(args.paths.clone(), root.clone());
    options.jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    options.own_files = [
        &args.baseline,
        &args.write_baseline,
        &args.output,
        &args.log,
        &args.metrics,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    options.force_exclude = args.force_exclude;
    options.keep_sources = args.format == Format::Human;
    options.keep_suppressed = args.show_suppressed;
    options.full_scan = args.paths.len() == 1
        && args.paths[0] == root
        && root.is_dir()
        && !args.staged
        && args.diff_base.is_none();
    options
}

/// The pack (`--config`, else the repository's `.topolint.toml`) and the
/// baseline the run judges with, as they are on disk.
fn read_judging(args: &CheckArgs, root: &Path) -> anyhow::Result<Judging> {
    let config = args.config.clone().or_else(|| find_config(root));
    let read = |path: PathBuf, what: &str| {
        std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the {what} {}", path.display()))
            .map(|text| (path, text))
    };
    Ok(Judging {
        pack: config.map(|path| read(path, "pack")).transpose()?,
        baseline: args
            .baseline
            .clone()
            .map(|path| read(path, "baseline"))
            .transpose()?,
        ..Judging::default()
    })
}

/// The scan root seen from the directory of the pack at `pack` (`sub/`),
/// empty when the root is not below it.
fn root_prefix(root: &Path, pack: &Path) -> String {
    let absolute = |path: &Path| std::path::absolute(path).ok();
    let (Some(root), Some(pack_dir)) = (
        absolute(root),
        absolute(pack).and_then(|p| p.parent().map(Path::to_path_buf)),
    ) else {
        return String::new();
    };
    let root = lexically_normal(&root);
    let pack_dir = lexically_normal(&pack_dir);
    match root.strip_prefix(&pack_dir) {
        Ok(below) if !below.as_os_str().is_empty() => {
            format!("{}/", below.to_string_lossy().replace('\\', "/"))
        }
        _ => String::new(),
    }
}

/// The repository's `.topolint.toml`: in the scan root, else in the nearest
/// parent directory up to the repository's top level (the directory with
/// `.git`), so that `topolint check sub/` and a run from a subdirectory use
/// it. Outside a repository only the scan root is looked at.
fn find_config(root: &Path) -> Option<PathBuf> {
    let in_root = lexically_normal(&root.join(CONFIG_NAME));
    if in_root.is_file() {
        return Some(in_root);
    }
    let absolute = std::path::absolute(root).ok()?;
    let top = absolute.ancestors().find(|dir| dir.join(".git").exists())?;
    absolute
        .ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(top))
        .map(|dir| dir.join(CONFIG_NAME))
        .find(|config| config.is_file())
        .map(|config| relative_to_current(&config))
}

/// `path` relative to the current directory when it is below it (as people
/// name it), else as it is.
fn relative_to_current(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|current| path.strip_prefix(&current).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// `2026-01-08T06:00:00Z FAIL 2 findings (node-address 2) 1204 files`.
fn log_line(outcome: &anyhow::Result<Report>, fail_on: FailOn) -> String {
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let report = match outcome {
        Ok(report) => report,
        Err(error) => {
            return format!(
                "{now} ERROR {}\n",
                format!("{error:#}").replace(['\n', '\r'], " ")
            );
        }
    };
    let mut by_rule: Vec<(&str, usize)> = Vec::new();
    for finding in &report.findings {
        match by_rule.iter_mut().find(|(id, _)| *id == finding.rule.id) {
            Some((_, count)) => *count += 1,
            None => by_rule.push((finding.rule.id, 1)),
        }
    }
    by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let rules = match by_rule.as_slice() {
        [] => String::new(),
        list => format!(
            " ({})",
            list.iter()
                .map(|(id, n)| format!("{id} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let status = match exit_code(report, fail_on) {
        EXIT_CLEAN => "PASS",
        EXIT_FINDINGS => "FAIL",
        _ => "ERROR",
    };
    let incomplete = if report.is_incomplete() {
        " incomplete scan:"
    } else {
        ""
    };
    format!(
        "{now} {status}{incomplete} {} findings{rules} {} files\n",
        report.findings.len(),
        report.files_checked
    )
}

/// Writes the metrics file atomically (a collector never reads half of
/// it), readable by others (the collector runs as its own user).
fn write_metrics(path: &Path, text: &str) -> io::Result<()> {
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    };
    #[cfg(not(unix))]
    let permissions = None;
    topolint::atomic::write(in_its_directory(path)?, text.as_bytes(), permissions)
}

/// `path`, its directory created first when missing, as ruff does for its
/// output file: a CI step writes `reports/topolint.sarif` in a fresh
/// checkout.
fn in_its_directory(path: &Path) -> io::Result<&Path> {
    if let Some(directory) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if directory.exists() && !directory.is_dir() {
            let message = format!("{} is not a directory", directory.display());
            return Err(io::Error::new(io::ErrorKind::NotADirectory, message));
        }
        std::fs::create_dir_all(directory)?;
    }
    Ok(path)
}

/// Appends `line` with one write to a file opened for appending, so that
/// concurrent runs never interleave.
fn append_line(path: &Path, line: &str) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(in_its_directory(path)?)?;
    file.write_all(line.as_bytes())
}

/// Streams the report to `--output` or stdout (never held whole in memory:
/// a report of 200 000 findings is tens of megabytes).
fn write_report(report: &Report, args: &CheckArgs) -> anyhow::Result<()> {
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let colored = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let cannot_write = |error: io::Error| match &args.output {
        Some(path) => anyhow::anyhow!("cannot write the report to {}: {error}", path.display()),
        None => anyhow::anyhow!("cannot write the report: {error}"),
    };
    let destination: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            in_its_directory(path)
                .and_then(std::fs::File::create)
                .map_err(cannot_write)?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, destination);
    let written = match args.format {
        Format::Human => {
            let options = report::human::Options {
                quiet: args.quiet,
                show_suppressed: args.show_suppressed,
            };
            if colored {
                report::human::write(report, &options, &mut Ansi::new(&mut out))
            } else {
                report::human::write(report, &options, &mut NoColor::new(&mut out))
            }
        }
        Format::Json => report::json::write(report, args.show_suppressed, &mut out),
        Format::Sarif => report::sarif::write(report, &mut out),
        Format::Github => report::github::write(report, &mut out),
    };
    match written.and_then(|()| out.flush()) {
        // A reader that has seen enough (`| head`) is no failure of the check.
        Err(error) if error.kind() == ErrorKind::BrokenPipe && args.output.is_none() => Ok(()),
        result => result.map_err(cannot_write),
    }
}

fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report.is_incomplete() {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Never => return EXIT_CLEAN,
    };
    if report.findings.iter().any(|f| f.severity <= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn list_rules() -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    let width = rules::ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules::ALL {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        )?;
    }
    Ok(())
}

fn explain(id: &str) -> anyhow::Result<u8> {
    let Some(rule) = rules::by_id(id) else {
        let known: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
        anyhow::bail!("unknown rule {id:?}; the rules are: {}", known.join(", "));
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "# {} ({})\n\n{}\n\n{}",
        rule.id,
        rule.severity.as_str(),
        rule.summary,
        rule.explanation.trim_end()
    )?;
    Ok(EXIT_CLEAN)
}

fn init(args: &InitArgs) -> anyhow::Result<()> {
    if args.output.exists() && !args.force {
        anyhow::bail!(
            "{} exists; use --force to overwrite it",
            args.output.display()
        );
    }
    // Discovery reads the current directory; the pack's own paths are
    // relative to the directory it is written in.
    let pack_directory = match args.output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let vocabulary = Pack::builtin_named("base")?;
    let mut found = match (&args.from_inventory, args.discover) {
        (Some(table), _) => Some(
            topolint::discover::from_inventory(&vocabulary, Path::new("."), table).map_err(
                |error| anyhow::anyhow!("cannot read the inventory {}: {error}", table.display()),
            )?,
        ),
        (None, true) => Some(topolint::discover::discover(&vocabulary, Path::new("."))),
        (None, false) => None,
    };
    if let Some(inventory) = found.as_mut().and_then(|f| f.inventory.as_mut()) {
        *inventory = path_from(&pack_directory, Path::new(inventory.as_str()));
    }
    let text = match &found {
        Some(found) => {
            let how = match &args.from_inventory {
                Some(table) => format!("topolint init --from-inventory {}", table.display()),
                None => "topolint init --discover".to_string(),
            };
            topolint::discover::render(&vocabulary, found, &how)
        }
        None => starter_config(),
    };
    std::fs::create_dir_all(&pack_directory)
        .with_context(|| format!("cannot create {}", pack_directory.display()))?;
    // Never write a pack that does not load.
    let pack = Pack::from_toml(&args.output.display().to_string(), &text)
        .context("the written pack would not load (please report this)")?;
    std::fs::write(&args.output, &text)
        .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", args.output.display()))?;
    match &found {
        Some(found) => eprintln!(
            "wrote {}: {} nodes, {} endpoints, {} infrastructure hosts from {} files; {} questions left in it",
            args.output.display(),
            pack.nodes.len(),
            pack.endpoints.len(),
            pack.infrastructure.len(),
            found.files_read,
            text.lines().filter(|l| l.starts_with("# ? ")).count()
        ),
        None => eprintln!("wrote {}", args.output.display()),
    }
    Ok(())
}

/// `path` (relative to the current directory) as seen from `directory`.
fn path_from(directory: &Path, path: &Path) -> String {
    let absolute = |p: &Path| -> Vec<String> {
        std::path::absolute(p)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (from, to) = (absolute(directory), absolute(path));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    parts.join("/")
}

fn starter_config() -> String {
    let mut text = String::from(
        "# topolint configuration: the built-in KeyBuzz pack, extended for this repository.\n\
         # Every key is described in topolint's README (\"The topology: rule packs\").\n\
         extends = \"keybuzz\"\n",
    );
    text.push_str(
        "\n# More nodes (a node without a fixed address may give hostnames only):\n\
         # [[node]]\n\
         # name = \"db-postgres-04\"\n\
         # address = \"10.0.0.126\"\n\
         # hostnames = [\"db-postgres-04\"]\n\
         # service = \"postgres\"\n\
         \n\
         # A legitimate exception, with the reason reviewers will see:\n\
         # [[allow]]\n\
         # paths = [\"ops/dba/**\"]\n\
         # rules = [\"node-address\"]\n\
         # reason = \"DBA runbooks connect to a node on purpose\"\n\
         # owner = \"dba-team\"\n\
         # expires = 2027-06-30\n",
    );
    text
}
