//! The `hartsim` command line: parse arguments, build a machine, run it, and
//! turn the outcome into an exit status. Everything else lives in the library.

use clap::{Parser, Subcommand};
mod cli;

use cli::console::{CliConsole, PipedKeys, catch_stop_signals, signal_received};
use cli::options::*;
use cli::report::{StopCause, stop_report};
use cli::session::{
    Program, builder_for, debug, debug_with_gdb, load, program_for, run_as_asked, status_line,
    write_status,
};
use cli::stats::RunStats;
use cli::terminal::{RawTerminal, TerminalKeys, restore_terminal, stdin_is_terminal};
use hartsim::debug::profile::Profile;
use hartsim::host_file::{FileKind, read_file};
use hartsim::isa::disasm::instructions;
use hartsim::isa::{Isa, disassemble};
use hartsim::{Machine, RunOutcome};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

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
        /// The RISC-V ELF executable to run (or use --kernel/--bios).
        elf: Option<PathBuf>,
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
        Command::Run { elf, opts, args } => match program_for(elf.as_deref(), &opts) {
            Ok((name, program)) => run(&name, &program, &opts, &args),
            Err(status) => status,
        },
        Command::Demo { opts } => run("demo", &Program::Elf(DEMO_ELF.to_vec()), &opts, &[]),
        Command::Debug { elf, opts, args } => match program_for(Some(&elf), &opts) {
            Ok((name, program)) => debug(&name, &program, &opts, &args),
            Err(status) => status,
        },
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

fn run(name: &str, program: &Program, opts: &RunOpts, args: &[String]) -> ExitCode {
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
    let mut machine = match load(name, program, built) {
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
