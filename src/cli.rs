//! Command-line interface: clap definitions (every flag documented where it is
//! defined) and the glue from arguments to the library and to an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};

use crate::pack::Pack;
use crate::report;
use crate::rules::{self, Severity};
use crate::suppress::baseline::Baseline;
use crate::{CheckOptions, Report};

/// Exit code: nothing at or above --fail-on.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above --fail-on.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, config or read errors (the scan is incomplete).
pub const EXIT_ERROR: u8 = 2;

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
    Check(CheckArgs),
    /// List every rule with its id, severity and summary.
    Rules,
    /// Explain a rule: what it catches, why it matters, how to fix it, an example.
    Explain {
        /// A rule id, e.g. node-address.
        rule: String,
    },
    /// Write a commented starter .topolint.toml.
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Take the nodes from an inventory table (TSV with HOSTNAME, IP_PRIVATE,
    /// ROLE, SUBROLE): the config points at it, so the topology cannot drift.
    #[arg(long, value_name = "FILE")]
    pub from_inventory: Option<PathBuf>,
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
    /// Rule pack to use instead of .topolint.toml at the scan root (or the
    /// built-in pack when there is none).
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
    let root = match args.paths.as_slice() {
        [only] if only.is_dir() => only.clone(),
        _ => PathBuf::from("."),
    };
    let pack = Pack::discover(&root, args.config.as_deref())?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let baseline = match &args.baseline {
        Some(path) => {
            let baseline = Baseline::read(path).map_err(anyhow::Error::msg)?;
            let fingerprints = baseline
                .fingerprints()
                .into_iter()
                .map(str::to_string)
                .collect();
            Some((fingerprints, path.display().to_string()))
        }
        None => None,
    };
    let full_scan = args.paths.len() == 1 && args.paths[0] == root && root.is_dir();
    let own_files = [&args.baseline, &args.write_baseline, &args.output]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let today = jiff::Zoned::now().date();
    let options = CheckOptions {
        paths: args.paths.clone(),
        root,
        jobs,
        full_scan,
        baseline,
        today,
        own_files,
    };
    let report = crate::check(&pack, &options);
    write_report(&report, args)?;
    if let Some(path) = &args.write_baseline {
        Baseline::of(&report.findings)
            .write(path)
            .map_err(anyhow::Error::msg)?;
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

fn write_report(report: &Report, args: &CheckArgs) -> anyhow::Result<()> {
    let mut buffer = Vec::new();
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let colored = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    match args.format {
        Format::Human => {
            let options = report::human::Options {
                quiet: args.quiet,
                show_suppressed: args.show_suppressed,
            };
            let mut writer: Box<dyn WriteColor> = if colored {
                Box::new(Ansi::new(&mut buffer))
            } else {
                Box::new(NoColor::new(&mut buffer))
            };
            report::human::write(report, &options, &mut writer)?;
        }
        Format::Json => report::json::write(report, args.show_suppressed, &mut buffer)?,
        Format::Sarif => report::sarif::write(report, &mut buffer)?,
        Format::Github => report::github::write(report, &mut buffer)?,
    }
    match &args.output {
        Some(path) => std::fs::write(path, &buffer).map_err(|error| {
            anyhow::anyhow!("cannot write the report to {}: {error}", path.display())
        })?,
        None => io::stdout().lock().write_all(&buffer)?,
    }
    Ok(())
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
    let text = match &args.from_inventory {
        Some(inventory) => {
            let relative = pathdiff(
                inventory,
                args.output.parent().unwrap_or(std::path::Path::new("")),
            );
            let text = starter_config(Some(&relative));
            // Refuse to write a config that does not load.
            let pack = Pack::from_toml(&args.output.display().to_string(), &text)?;
            let mut text = text;
            text.push_str(&format!("\n# Nodes read from {}:\n", relative));
            for node in &pack.nodes {
                let address = node.address.map(|a| a.to_string()).unwrap_or_default();
                text.push_str(&format!(
                    "#   {} {} {}\n",
                    pack.services[node.service].name, node.name, address
                ));
            }
            text
        }
        None => starter_config(None),
    };
    std::fs::write(&args.output, text)
        .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", args.output.display()))?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}

/// `path` as written relative to `base` when it lies below it, else as given.
fn pathdiff(path: &std::path::Path, base: &std::path::Path) -> String {
    let relative = if base.as_os_str().is_empty() {
        path
    } else {
        path.strip_prefix(base).unwrap_or(path)
    };
    relative.to_string_lossy().replace('\\', "/")
}

fn starter_config(inventory: Option<&str>) -> String {
    let mut text = String::from(
        "# topolint configuration: the built-in KeyBuzz pack, extended for this repository.\n\
         # Every key is described in topolint's README (\"The topology: rule packs\").\n\
         extends = \"keybuzz\"\n",
    );
    if let Some(inventory) = inventory {
        text.push_str(&format!(
            "\n# Nodes come from the inventory (ROLE=db SUBROLE=postgres, ROLE=redis),\n# replacing the built-in pack's nodes.\ninventory = {inventory:?}\n"
        ));
    }
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
