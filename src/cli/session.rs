//! Running a program as the options ask: building the machine, tracing
//! (in a window), profiling, stepping, under GDB or at the debugger's
//! prompt, and the `--status-file` line.

use super::console::{CliConsole, NoKeys, catch_stop_signals, forget_sigint, signal_received};
use super::options::*;
use super::terminal::stdin_is_terminal;
use hartsim::debug::debugger::{Debugger, Reply};
use hartsim::debug::gdb::{self, Debuggee, SessionEnd};
use hartsim::debug::parse_number;
use hartsim::debug::profile::Profile;
use hartsim::debug::trace::{TraceMark, TraceStyle, TraceWindow, Tracer};
use hartsim::host_file::{FileKind, read_file};
use hartsim::{
    BootImages, ConsoleInput, Machine, MachineBuilder, MachineConfig, MisalignedAccess, RunOutcome,
};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Run as the options ask: traced (in a window), profiled, stepped, or on
/// the fast engine.
pub fn run_as_asked(
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
pub fn trace_mark(machine: &Machine, text: &str) -> Result<TraceMark, String> {
    if text.starts_with("0x") {
        return parse_number(text).map(TraceMark::Pc).ok_or_else(|| "not an address".into());
    }
    if let Ok(count) = text.parse() {
        return Ok(TraceMark::Count(count));
    }
    machine.symbols().address_of(text).map(TraceMark::Pc).ok_or_else(|| "no such symbol".into())
}

/// The machine `run` and `debug` build from the options: everything but
/// the console.
pub fn builder_for(
    name: &str,
    opts: &RunOpts,
    args: &[String],
) -> Result<MachineBuilder, ExitCode> {
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
        bootargs: opts.bootargs.clone().or_else(|| opts.append.clone()),
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
/// What a run loads: one ELF program, or boot images as QEMU takes them.
pub enum Program {
    /// `hartsim run prog.elf`.
    Elf(Vec<u8>),
    /// `--bios`, `--kernel`, `--initrd`, `--load`.
    Boot(BootImages),
}

/// What the command line asks to load: the ELF given, or the boot images;
/// and the name to report it by.
pub fn program_for(elf: Option<&Path>, opts: &RunOpts) -> Result<(String, Program), ExitCode> {
    let read = |path: &Path, kind| read_file(path, kind).map_err(|e| fail(&e.to_string()));
    let booting = opts.bios.is_some()
        || opts.kernel.is_some()
        || opts.initrd.is_some()
        || !opts.loads.is_empty();
    if !booting {
        let Some(elf) = elf else {
            return Err(fail("no program: give an ELF file, or --kernel/--bios (see --help)"));
        };
        return Ok((elf.display().to_string(), Program::Elf(read(elf, FileKind::Elf)?)));
    }
    if elf.is_some() && opts.kernel.is_some() {
        return Err(fail("give the kernel either as the program or as --kernel, not both"));
    }
    let kernel_path = opts.kernel.as_deref().or(elf);
    let mut images = BootImages::default();
    if let Some(path) = &opts.bios {
        images.bios = Some(read(path, FileKind::BootImage)?);
    }
    if let Some(path) = kernel_path {
        images.kernel = Some(read(path, FileKind::BootImage)?);
    }
    if let Some(path) = &opts.initrd {
        images.initrd = Some(read(path, FileKind::BootImage)?);
    }
    for spec in &opts.loads {
        let parsed =
            spec.rsplit_once('@').and_then(|(file, addr)| Some((file, parse_number(addr)?)));
        let Some((file, addr)) = parsed else {
            return Err(fail(&format!(
                "--load {spec}: expected FILE@ADDR (e.g. data.bin@0x80400000)"
            )));
        };
        let bytes = read(Path::new(file), FileKind::BootImage)?;
        images.raw.push((addr, bytes, format!("--load {file}")));
    }
    let name = kernel_path.or(opts.bios.as_deref()).map(|p| p.display().to_string());
    Ok((name.unwrap_or_else(|| "--load".into()), Program::Boot(images)))
}

/// Load `program` into the machine `built` made.
pub fn load(
    name: &str,
    program: &Program,
    built: Result<Machine, hartsim::Error>,
) -> Result<Machine, ExitCode> {
    let loaded = built.and_then(|mut m| {
        match program {
            Program::Elf(bytes) => m.load_elf(bytes)?,
            Program::Boot(images) => m.boot(images)?,
        }
        Ok(m)
    });
    match loaded {
        Ok(m) => Ok(m),
        Err(hartsim::Error::Elf { source, .. }) => Err(fail(&format!("{name}: {source}"))),
        Err(e) => Err(fail(&e.to_string())),
    }
}

/// The `--status-file` line for `outcome`: `exit CODE` when the guest
/// exited, else `stop WHY`, so a guest's own 124 or 125 is told apart from
/// hartsim's.
pub fn status_line(outcome: &RunOutcome) -> String {
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
pub fn write_status(opts: &RunOpts, line: &str) {
    if let Some(path) = &opts.status_file
        && let Err(e) = std::fs::write(path, format!("{line}\n"))
    {
        eprintln!("hartsim: --status-file {}: {e}", path.display());
    }
}

/// Run `machine` under GDB's control; the outcome once the session is over
/// (`Err`: the exit status, when the session ended the run itself).
pub fn debug_with_gdb(
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
pub fn debug(name: &str, program: &Program, opts: &RunOpts, args: &[String]) -> ExitCode {
    let builder = match builder_for(name, opts, args) {
        Ok(b) => b,
        Err(status) => return status,
    };
    catch_stop_signals();
    let (console, _) = CliConsole::new(NoKeys);
    let machine = match load(name, program, builder.console(console).build()) {
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
