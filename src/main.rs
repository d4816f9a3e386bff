//! The `hartsim` command line: parse arguments, build a machine, run it, and
//! turn the outcome into an exit status. Everything else lives in the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
mod cli;

use cli::console::{
    CliConsole, NoKeys, PipedKeys, catch_stop_signals, forget_sigint, signal_received,
};
use cli::report::{StopCause, stop_report};
use cli::stats::RunStats;
use cli::terminal::{RawTerminal, TerminalKeys, restore_terminal, stdin_is_terminal};
use hartsim::debug::debugger::{Debugger, Reply};
use hartsim::debug::gdb::{self, Debuggee, SessionEnd};
use hartsim::debug::profile::Profile;
use hartsim::debug::trace::{TraceMark, TraceStyle, TraceWindow, Tracer};
use hartsim::host_file::{FileKind, read_file};
use hartsim::isa::disasm::instructions;
use hartsim::isa::{Isa, disassemble};
use hartsim::{ConsoleInput, Machine, MachineBuilder, MachineConfig, MisalignedAccess, RunOutcome};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Exit status when the arguments or the ELF file are unusable.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when `--max-insns` instructions retired before the guest exited.
const EXIT_INSN_LIMIT: u8 = 124;
/// Exit status when the guest could make no further progress.
const EXIT_HALTED: u8 = 125;
/// Ctrl-A x: what a shell reports for Ctrl-C.
const EXIT_QUIT: u8 = 130;
/// GDB's `kill`: what a shell reports for SIGKILL.
const EXIT_KILLED: u8 = 137;
/// Standard output was closed under us: what a shell reports for SIGPIPE.
const EXIT_BROKEN_PIPE: u8 = 141;
/// Standard output failed otherwise (a full disk): sysexits' EX_IOERR.
const EXIT_OUTPUT_ERROR: u8 = 74;

/// The demo program that `hartsim demo` runs: built from guest/demo/hello.c.
static DEMO_ELF: &[u8] = include_bytes!("../guest/build/hello.elf");

#[derive(Parser)]
#[command(
    name = "hartsim",
    version,
    about = "A RISC-V RV64 emulator of QEMU's `virt` machine",
    long_about = "hartsim runs bare-metal RISC-V programs (ELF files) built for QEMU's `virt` \
machine or for Spike.\n\nThe machine: RAM at 0x80000000, a 16550 UART at 0x10000000 \
(printed to your terminal), a CLINT timer at 0x2000000, and the SiFive test finisher at \
0x100000 (writing 0x5555 there ends the run with exit status 0). Programs that define \
`tohost` (Spike, riscv-tests) exit through HTIF instead.\n\nStart with `hartsim demo`, \
then `hartsim run --trace prog.elf` to watch every instruction.",
    after_help = "Exit status: the guest's own exit code; 2 for a bad argument or ELF file; \
124 when --max-insns ran out; 125 when the guest could make no progress (e.g. a trap with no \
handler); 130 for Ctrl-A x or SIGINT, 143 for SIGTERM; 141 when stdout was closed (74 when it \
failed otherwise). Every stop but the guest's own exit is reported on stderr in two lines \
(--report adds the trap CSRs and the registers).\n\n\
When standard input is a terminal, it is put in raw mode while the guest runs so every key \
reaches the guest; press Ctrl-A then x to quit (Ctrl-A Ctrl-A sends a Ctrl-A)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an ELF program until it exits.
    Run {
        /// The RISC-V ELF executable to run.
        elf: PathBuf,
        #[command(flatten)]
        opts: RunOpts,
        /// After `--`: the program's arguments (its semihosting command line).
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Run the built-in demo program (no files needed).
    Demo {
        #[command(flatten)]
        opts: RunOpts,
    },
    /// Debug a program at a prompt, in the spirit of `spike -d` (`help`
    /// lists the commands); with stdin not a terminal, commands are read
    /// from it and each is echoed before its output.
    Debug {
        /// The RISC-V ELF executable to debug.
        elf: PathBuf,
        #[command(flatten)]
        opts: RunOpts,
        /// After `--`: the program's arguments (its semihosting command line).
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Print the disassembly of an ELF program's code, like `objdump -d`.
    Disasm {
        /// The RISC-V ELF executable to disassemble.
        elf: PathBuf,
    },
    /// Write the machine's device tree blob to FILE (decompile it with `dtc -I dtb`).
    Dumpdtb {
        /// Where to write the blob.
        file: PathBuf,
        /// RAM size the tree describes, e.g. 128M or 1G.
        #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_size)]
        memory: u64,
        /// Kernel command line for /chosen/bootargs.
        #[arg(long, value_name = "STRING")]
        bootargs: Option<String>,
        /// The ISA the tree advertises (as for `run --isa`).
        #[arg(long, value_name = "STRING")]
        isa: Option<String>,
    },
}

#[derive(Args)]
struct RunOpts {
    /// RAM size, e.g. 128M, 1G, 65536 (bytes); at 0x80000000.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_size)]
    memory: u64,
    /// The hart's ISA in Spike's syntax: `rv64gc` for strict RV64GC,
    /// `rv64imac`, `rv64gc_zba_zbb`, ... Instructions of extensions left out
    /// raise illegal instruction. Default: rv64gc with every extension hartsim
    /// implements (Zba Zbb Zbc Zbs Zbkb Zbkx Zfh Zicbom Zicboz Zicbop Zicond
    /// Zihintntl Zihintpause).
    #[arg(long, value_name = "STRING")]
    isa: Option<String>,
    /// Stop after N instructions have retired (exit status 124).
    #[arg(long, value_name = "N")]
    max_insns: Option<u64>,
    /// Write one line per retired instruction (Spike's commit-log format) to
    /// FILE, or to stderr when no FILE is given.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    trace: Option<PathBuf>,
    /// `annotated` adds the disassembly to each trace line; `spike` matches
    /// `spike --log-commits` exactly.
    #[arg(long, value_enum, default_value = "annotated")]
    trace_style: StyleArg,
    /// Print statistics on stderr at the end: instructions, wall time and
    /// MIPS, blocks built and cache flushes, TLB misses, traps by cause.
    #[arg(long)]
    stats: bool,
    /// Also count the instruction mix (by extension and class), branches
    /// taken and not, loads and stores, and hot spots by symbol; this runs
    /// one instruction at a time, so MIPS are those of the step engine.
    #[arg(long)]
    profile: bool,
    /// Write the statistics (and the profile, with --profile) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    stats_json: Option<PathBuf>,
    /// Start the trace at a symbol, a 0x address (when the pc first gets
    /// there) or a decimal instruction count.
    #[arg(long, value_name = "WHERE", requires = "trace")]
    trace_from: Option<String>,
    /// End the trace (the run goes on) at a symbol, 0x address or count.
    #[arg(long, value_name = "WHERE", requires = "trace")]
    trace_to: Option<String>,
    /// Serve RISC-V semihosting calls (console, files, time, command line,
    /// exit), as QEMU's `-semihosting` does: what picolibc's
    /// `--oslib=semihost` and newlib's librdimon use.
    #[arg(long)]
    semihosting: bool,
    /// The directory semihosting's files are confined to.
    #[arg(long, value_name = "DIR", default_value = ".")]
    semihosting_root: PathBuf,
    /// Write how the run ended to FILE: `exit CODE` when the guest exited
    /// (whatever the code, even 2, 124, 125 or 130), else `stop WHY`
    /// (insn-limit, halted, quit, signal NAME, killed, output-error, observer).
    #[arg(long, value_name = "FILE")]
    status_file: Option<PathBuf>,
    /// Wait for GDB on [ADDR:]PORT (address 127.0.0.1 unless given) before
    /// the first instruction: `gdb-multiarch prog.elf -ex 'target remote :PORT'`.
    #[arg(long, value_name = "[ADDR:]PORT")]
    gdb: Option<String>,
    /// When the run stops other than by the guest's exit (a halt, an
    /// unhandled trap, --max-insns, Ctrl-A x, a signal), print the CSRs of
    /// the last trap and every integer register, not only the two-line report.
    #[arg(long)]
    report: bool,
    /// What misaligned loads and stores do.
    #[arg(long, value_enum, default_value = "emulate")]
    misaligned: MisalignedArg,
    /// Give the guest this device tree blob instead of the generated one
    /// (its address is in a1 at reset).
    #[arg(long, value_name = "FILE")]
    dtb: Option<PathBuf>,
    /// Kernel command line for /chosen/bootargs in the generated device tree.
    #[arg(long, value_name = "STRING")]
    bootargs: Option<String>,
    /// Where `mtime` comes from: `virtual` (100 retired instructions per tick,
    /// the same on every run) or `host` (wall time at 10 MHz; wfi sleeps).
    #[arg(long, value_enum, default_value = "virtual")]
    clock: ClockArg,
    /// `blocks` (decoded blocks, the fast default) or `step` (one instruction
    /// at a time, as tracing does): both give the same results.
    #[arg(long, value_enum, default_value = "blocks")]
    engine: EngineArg,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EngineArg {
    Blocks,
    Step,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ClockArg {
    Virtual,
    Host,
}

#[derive(Clone, Copy, ValueEnum)]
enum StyleArg {
    Annotated,
    Spike,
}

#[derive(Clone, Copy, ValueEnum)]
enum MisalignedArg {
    /// Perform them in hardware (as Spike and QEMU do).
    Emulate,
    /// Raise an address-misaligned exception.
    Trap,
}

/// Parse a size with an optional K/M/G suffix (powers of 1024; "KiB", "MB" also accepted).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num.parse().map_err(|_| format!("`{s}` is not a size (try 128M or 1G)"))?;
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("unknown size unit in `{s}` (use K, M or G)")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("`{s}` is too large"))
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    // Never leave the user's terminal in raw mode, whatever happens.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() && trace_file_given_with_a_space() {
                eprintln!(
                    "hint: give the trace file as --trace=FILE (a bare --trace writes to stderr)"
                );
            }
            return ExitCode::from(if e.use_stderr() { EXIT_BAD_INPUT } else { 0 });
        }
    };
    match cli.command {
        Command::Run { elf, opts, args } => {
            let bytes = match read_file(&elf, FileKind::Elf) {
                Ok(b) => b,
                Err(e) => return fail(&e.to_string()),
            };
            run(&elf.display().to_string(), &bytes, &opts, &args)
        }
        Command::Demo { opts } => run("demo", DEMO_ELF, &opts, &[]),
        Command::Debug { elf, opts, args } => {
            let bytes = match read_file(&elf, FileKind::Elf) {
                Ok(b) => b,
                Err(e) => return fail(&e.to_string()),
            };
            debug(&elf.display().to_string(), &bytes, &opts, &args)
        }
        Command::Disasm { elf } => disasm(&elf),
        Command::Dumpdtb { file, memory, bootargs, isa } => {
            dumpdtb(&file, memory, bootargs.as_deref(), isa.as_deref())
        }
    }
}

/// Was `--trace FILE` written with a space? Then clap took FILE for the
/// program and the program for an extra argument.
fn trace_file_given_with_a_space() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2).any(|w| w[0] == "--trace" && !w[1].starts_with('-'))
}

fn fail(message: &str) -> ExitCode {
    eprintln!("hartsim: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// The `--isa` value, or the default ISA when none was given.
fn parse_isa(text: Option<&str>) -> Result<Isa, String> {
    text.map_or(Ok(Isa::default()), |t| Isa::parse(t).map_err(|e| e.to_string()))
}

/// Run as the options ask: traced (in a window), profiled, stepped, or on
/// the fast engine.
fn run_as_asked(
    machine: &mut Machine,
    opts: &RunOpts,
    profile: Option<&mut Profile>,
) -> Result<RunOutcome, ExitCode> {
    let Some(path) = &opts.trace else {
        return Ok(match profile {
            Some(profile) => machine.run_observed(opts.max_insns, profile),
            None if opts.engine == EngineArg::Step => machine.run_stepping(opts.max_insns),
            None => machine.run(opts.max_insns),
        });
    };
    let mark = |text: &Option<String>, flag: &str| match text {
        None => Ok(None),
        Some(t) => trace_mark(machine, t).map(Some).map_err(|e| fail(&format!("{flag} {t}: {e}"))),
    };
    let (from, to) = (mark(&opts.trace_from, "--trace-from")?, mark(&opts.trace_to, "--trace-to")?);
    let style = match opts.trace_style {
        StyleArg::Annotated => TraceStyle::Annotated,
        StyleArg::Spike => TraceStyle::Spike,
    };
    let mut out: Box<dyn Write> = if path.as_os_str() == "-" {
        Box::new(std::io::BufWriter::new(std::io::stderr()))
    } else {
        match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => return Err(fail(&format!("{}: {e}", path.display()))),
        }
    };
    let symbols = machine.symbols().clone();
    let mut window = TraceWindow::new(Tracer::new(&mut out, style, &symbols), from, to);
    let outcome = match profile {
        Some(profile) => machine.run_observed(opts.max_insns, &mut (&mut window, profile)),
        None => machine.run_observed(opts.max_insns, &mut window),
    };
    // A failed write already stopped the run and says so below.
    if let (Err(e), false) = (out.flush(), matches!(outcome, RunOutcome::StoppedByObserver(_))) {
        eprintln!("hartsim: cannot write the trace: {e}");
    }
    Ok(outcome)
}

/// A `--trace-from`/`--trace-to` mark: a decimal instruction count, a 0x
/// address, or a symbol.
fn trace_mark(machine: &Machine, text: &str) -> Result<TraceMark, String> {
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).map(TraceMark::Pc).map_err(|e| e.to_string());
    }
    if let Ok(count) = text.parse() {
        return Ok(TraceMark::Count(count));
    }
    machine.symbols().address_of(text).map(TraceMark::Pc).ok_or_else(|| "no such symbol".into())
}

/// The machine `run` and `debug` build from the options: everything but
/// the console.
fn builder_for(name: &str, opts: &RunOpts, args: &[String]) -> Result<MachineBuilder, ExitCode> {
    let isa = parse_isa(opts.isa.as_deref()).map_err(|e| fail(&e))?;
    let dtb = match &opts.dtb {
        None => None,
        Some(path) => {
            Some(read_file(path, FileKind::DeviceTree).map_err(|e| fail(&e.to_string()))?)
        }
    };
    let config = MachineConfig {
        memory: opts.memory,
        isa,
        misaligned: match opts.misaligned {
            MisalignedArg::Emulate => MisalignedAccess::Emulate,
            MisalignedArg::Trap => MisalignedAccess::Trap,
        },
        console_input: ConsoleInput::Stdin,
        capture_output: false,
        dtb,
        bootargs: opts.bootargs.clone(),
        host_clock: opts.clock == ClockArg::Host,
    };
    let mut builder = Machine::builder_from(config);
    if opts.semihosting {
        let cmdline = std::iter::once(name).chain(args.iter().map(String::as_str));
        builder =
            builder.semihosting(&opts.semihosting_root, &cmdline.collect::<Vec<_>>().join(" "));
    }
    Ok(builder)
}

/// Load the program into the machine `built` made.
fn load(
    name: &str,
    bytes: &[u8],
    built: Result<Machine, hartsim::Error>,
) -> Result<Machine, ExitCode> {
    match built.and_then(|mut m| m.load_elf(bytes).map(|()| m)) {
        Ok(m) => Ok(m),
        Err(hartsim::Error::Elf { source, .. }) => Err(fail(&format!("{name}: {source}"))),
        Err(e) => Err(fail(&e.to_string())),
    }
}

fn run(name: &str, bytes: &[u8], opts: &RunOpts, args: &[String]) -> ExitCode {
    let builder = match builder_for(name, opts, args) {
        Ok(b) => b,
        Err(status) => return status,
    };
    let interactive = stdin_is_terminal();
    // Raw mode only when stdin is a terminal; restored when `_raw` drops.
    let _raw = interactive.then(RawTerminal::enable);
    catch_stop_signals();
    let (built, output_failure) = if interactive {
        let (console, failure) = CliConsole::new(TerminalKeys::start());
        (builder.console(console).build(), failure)
    } else {
        let (console, failure) = CliConsole::new(PipedKeys::default());
        (builder.console(console).build(), failure)
    };
    let mut machine = match load(name, bytes, built) {
        Ok(m) => m,
        Err(status) => return status,
    };
    let started = Instant::now();
    let mut profile = opts.profile.then(Profile::default);
    let outcome = match &opts.gdb {
        Some(address) => match debug_with_gdb(machine, address, name, opts) {
            Ok((m, outcome)) => {
                machine = m;
                outcome
            }
            Err(status) => return status,
        },
        None => match run_as_asked(&mut machine, opts, profile.as_mut()) {
            Ok(outcome) => outcome,
            Err(status) => return status,
        },
    };
    let seconds = started.elapsed().as_secs_f64();
    if opts.stats || opts.profile || opts.stats_json.is_some() {
        let stats = RunStats { counters: machine.counters(), seconds, profile: profile.as_ref() };
        if opts.stats || opts.profile {
            eprint!("{}", stats.text(machine.symbols()));
        }
        if let Some(path) = &opts.stats_json
            && let Err(e) = std::fs::write(path, stats.json(machine.symbols()))
        {
            eprintln!("hartsim: --stats-json {}: {e}", path.display());
        }
    }
    restore_terminal();
    let output_error = output_failure.lock().ok().and_then(|mut f| f.take());
    if let Some(e) = output_error {
        write_status(opts, "stop output-error");
        eprintln!("hartsim: stopped: cannot write the guest's output to stdout: {e}");
        let broken = e.kind() == std::io::ErrorKind::BrokenPipe;
        return ExitCode::from(if broken { EXIT_BROKEN_PIPE } else { EXIT_OUTPUT_ERROR });
    }
    write_status(opts, &status_line(&outcome));
    let (cause, status) = match &outcome {
        RunOutcome::Exited(0) => return ExitCode::SUCCESS,
        RunOutcome::Exited(code) => {
            eprintln!("hartsim: guest exited with code {code}");
            // Keep a failure a failure when the code does not fit in 8 bits.
            return ExitCode::from(if code & 0xff == 0 { 1 } else { *code as u8 });
        }
        RunOutcome::InsnLimit => (StopCause::InsnLimit, EXIT_INSN_LIMIT),
        RunOutcome::Halted { reason, .. } => (StopCause::Halted(reason), EXIT_HALTED),
        RunOutcome::StoppedByHost => match signal_received() {
            Some((name, number)) => (StopCause::Signal(name), 128 + number as u8),
            None => (StopCause::Quit, EXIT_QUIT),
        },
        RunOutcome::StoppedByObserver(reason) => (StopCause::Observer(reason), EXIT_HALTED),
    };
    if matches!(cause, StopCause::Quit) {
        eprintln!();
    }
    eprint!("{}", stop_report(&machine, &cause, opts.report));
    ExitCode::from(status)
}

/// The `--status-file` line for `outcome`: `exit CODE` when the guest
/// exited, else `stop WHY`, so a guest's own 124 or 125 is told apart from
/// hartsim's.
fn status_line(outcome: &RunOutcome) -> String {
    match outcome {
        RunOutcome::Exited(code) => format!("exit {code}"),
        RunOutcome::InsnLimit => "stop insn-limit".into(),
        RunOutcome::Halted { .. } => "stop halted".into(),
        RunOutcome::StoppedByHost => match signal_received() {
            Some((name, _)) => format!("stop signal {name}"),
            None => "stop quit".into(),
        },
        RunOutcome::StoppedByObserver(_) => "stop observer".into(),
    }
}

/// Write `line` to `--status-file`, if one was asked for.
fn write_status(opts: &RunOpts, line: &str) {
    if let Some(path) = &opts.status_file
        && let Err(e) = std::fs::write(path, format!("{line}\n"))
    {
        eprintln!("hartsim: --status-file {}: {e}", path.display());
    }
}

/// Run `machine` under GDB's control; the outcome once the session is over
/// (`Err`: the exit status, when the session ended the run itself).
fn debug_with_gdb(
    machine: Machine,
    address: &str,
    name: &str,
    opts: &RunOpts,
) -> Result<(Machine, RunOutcome), ExitCode> {
    let address =
        if address.contains(':') { address.to_string() } else { format!("127.0.0.1:{address}") };
    let listener = match std::net::TcpListener::bind(&address) {
        Ok(l) => l,
        Err(e) => return Err(fail(&format!("--gdb {address}: {e}"))),
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    eprintln!(
        "hartsim: waiting for GDB on {address} (gdb-multiarch {name} -ex 'target remote :{port}')"
    );
    let mut debuggee = Debuggee::new(machine);
    let end = gdb::serve(
        &mut debuggee,
        &listener,
        |news| eprintln!("hartsim: {news}"),
        || signal_received().is_some(),
    );
    let machine = debuggee.into_machine();
    let outcome = match end {
        Ok(SessionEnd::Exited(code)) => RunOutcome::Exited(code),
        Ok(SessionEnd::StoppedByHost) => RunOutcome::StoppedByHost,
        Ok(SessionEnd::Detached(outcome)) => outcome,
        Ok(SessionEnd::Killed) => {
            write_status(opts, "stop killed");
            eprintln!("hartsim: killed by GDB");
            return Err(ExitCode::from(EXIT_KILLED));
        }
        Err(e) => return Err(fail(&format!("--gdb {address}: {e}"))),
    };
    Ok((machine, outcome))
}

/// `hartsim debug`: the interactive debugger on a prompt (with line editing
/// and history) or on commands piped into stdin.
fn debug(name: &str, bytes: &[u8], opts: &RunOpts, args: &[String]) -> ExitCode {
    let builder = match builder_for(name, opts, args) {
        Ok(b) => b,
        Err(status) => return status,
    };
    catch_stop_signals();
    let (console, _) = CliConsole::new(NoKeys);
    let machine = match load(name, bytes, builder.console(console).build()) {
        Ok(m) => m,
        Err(status) => return status,
    };
    let mut debugger = Debugger::new(machine);
    let interactive = stdin_is_terminal();
    let mut editor = if interactive {
        println!(
            "hartsim debugger: {name}, stopped before its first instruction; `help` lists the commands"
        );
        match rustyline::DefaultEditor::new() {
            Ok(editor) => Some(editor),
            Err(e) => return fail(&format!("cannot use the terminal: {e}")),
        }
    } else {
        None
    };
    let mut stdin = std::io::stdin().lock();
    loop {
        let line = match editor.as_mut() {
            Some(editor) => match editor.readline("(hartsim) ") {
                Ok(line) => {
                    let _ = editor.add_history_entry(line.as_str());
                    line
                }
                // Ctrl-C at the prompt clears the line, as in a shell.
                Err(rustyline::error::ReadlineError::Interrupted) => continue,
                Err(_) => break,
            },
            None => {
                let mut line = String::new();
                match std::io::BufRead::read_line(&mut stdin, &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                println!("(hartsim) {}", line.trim_end());
                line
            }
        };
        match debugger.execute(&line) {
            Reply::Quit => break,
            Reply::Output(text) if text.is_empty() => {}
            Reply::Output(text) => println!("{text}"),
        }
        // Ctrl-C stops a `continue`; SIGTERM ends the debugger.
        forget_sigint();
        if let Some((name, number)) = signal_received() {
            eprintln!("hartsim: stopped by {name}");
            return ExitCode::from(128 + number as u8);
        }
    }
    ExitCode::SUCCESS
}

fn dumpdtb(path: &PathBuf, memory: u64, bootargs: Option<&str>, isa: Option<&str>) -> ExitCode {
    let isa = match parse_isa(isa) {
        Ok(isa) => isa,
        Err(e) => return fail(&e),
    };
    // The tree of the machine `run` would build with these settings.
    let mut builder = Machine::builder().memory(memory).isa(isa).capture_output(true);
    if let Some(args) = bootargs {
        builder = builder.bootargs(args);
    }
    let machine = match builder.build() {
        Ok(m) => m,
        Err(e) => return fail(&e.to_string()),
    };
    match std::fs::write(path, machine.dtb()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{}: {e}", path.display())),
    }
}

fn disasm(path: &Path) -> ExitCode {
    let bytes = match read_file(path, FileKind::Elf) {
        Ok(b) => b,
        Err(e) => return fail(&e.to_string()),
    };
    let image = match hartsim::elf::load_elf(&bytes, hartsim::MAX_MEMORY) {
        Ok(i) => i,
        Err(e) => return fail(&format!("{}: {e}", path.display())),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let _ = writeln!(out, "\n{name}:     file format elf64-littleriscv\n");
    let symbols = &image.symbols;
    for (section, base, data) in &image.code_sections {
        let _ = writeln!(out, "\nDisassembly of section {section}:");
        for listed in instructions(data, *base, Isa::full().exts) {
            let pc = listed.pc;
            if let Some(label) = symbols.exact(pc) {
                let _ = writeln!(out, "\n{pc:016x} <{label}>:");
            }
            let text = disassemble(&listed.insn, pc, &|a| symbols.label(a));
            let raw = listed.raw;
            let hex = if listed.len == 2 { format!("{raw:04x}") } else { format!("{raw:08x}") };
            let _ = writeln!(out, "{pc:8x}:\t{hex:<18}\t{text}");
        }
    }
    ExitCode::SUCCESS
}
