//! The `run` and `debug` options, the exit statuses, and how the CLI fails
//! on bad input (one line, status 2).

use clap::{Args, ValueEnum};
use hartsim::isa::Isa;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when the arguments or the ELF file are unusable.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Exit status when `--max-insns` instructions retired before the guest exited.
pub const EXIT_INSN_LIMIT: u8 = 124;

/// Exit status when the guest could make no further progress.
pub const EXIT_HALTED: u8 = 125;

/// Ctrl-A x: what a shell reports for Ctrl-C.
pub const EXIT_QUIT: u8 = 130;

/// GDB's `kill`: what a shell reports for SIGKILL.
pub const EXIT_KILLED: u8 = 137;

/// Standard output was closed under us: what a shell reports for SIGPIPE.
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// Standard output failed otherwise (a full disk): sysexits' EX_IOERR.
pub const EXIT_OUTPUT_ERROR: u8 = 74;

/// The options of `run` and `debug`: the machine, the run, and what to watch.
#[derive(Args)]
pub struct RunOpts {
    /// RAM size, e.g. 128M, 1G, 65536 (bytes); at 0x80000000.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_size)]
    pub memory: u64,
    /// The hart's ISA in Spike's syntax: `rv64gc` for strict RV64GC,
    /// `rv64imac`, `rv64gc_zba_zbb`, ... Instructions of extensions left out
    /// raise illegal instruction. Default: rv64gc with every extension hartsim
    /// implements (Zba Zbb Zbc Zbs Zbkb Zbkx Zfh Zicbom Zicboz Zicbop Zicond
    /// Zihintntl Zihintpause Sstc Svpbmt).
    #[arg(long, value_name = "STRING")]
    pub isa: Option<String>,
    /// Stop after N instructions have retired (exit status 124).
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// Write one line per retired instruction (Spike's commit-log format) to
    /// FILE, or to stderr when no FILE is given.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    pub trace: Option<PathBuf>,
    /// `annotated` adds the disassembly to each trace line; `spike` matches
    /// `spike --log-commits` exactly.
    #[arg(long, value_enum, default_value = "annotated")]
    pub trace_style: StyleArg,
    /// Print statistics on stderr at the end: instructions, wall time and
    /// MIPS, blocks built and cache flushes, TLB misses, traps by cause.
    #[arg(long)]
    pub stats: bool,
    /// Also count the instruction mix (by extension and class), branches
    /// taken and not, loads and stores, and hot spots by symbol; this runs
    /// one instruction at a time, so MIPS are those of the step engine.
    #[arg(long)]
    pub profile: bool,
    /// Write the statistics (and the profile, with --profile) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<PathBuf>,
    /// Start the trace at a symbol, a 0x address (when the pc first gets
    /// there) or a decimal instruction count.
    #[arg(long, value_name = "WHERE", requires = "trace")]
    pub trace_from: Option<String>,
    /// End the trace (the run goes on) at a symbol, 0x address or count.
    #[arg(long, value_name = "WHERE", requires = "trace")]
    pub trace_to: Option<String>,
    /// Serve RISC-V semihosting calls (console, files, time, command line,
    /// exit), as QEMU's `-semihosting` does: what picolibc's
    /// `--oslib=semihost` and newlib's librdimon use.
    #[arg(long)]
    pub semihosting: bool,
    /// The directory semihosting's files are confined to.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub semihosting_root: PathBuf,
    /// Write how the run ended to FILE: `exit CODE` when the guest exited
    /// (whatever the code, even 2, 124, 125 or 130), else `stop WHY`
    /// (insn-limit, halted, quit, signal NAME, killed, output-error, observer).
    #[arg(long, value_name = "FILE")]
    pub status_file: Option<PathBuf>,
    /// Wait for GDB on [ADDR:]PORT (address 127.0.0.1 unless given) before
    /// the first instruction: `gdb-multiarch prog.elf -ex 'target remote :PORT'`.
    #[arg(long, value_name = "[ADDR:]PORT")]
    pub gdb: Option<String>,
    /// When the run stops other than by the guest's exit (a halt, an
    /// unhandled trap, --max-insns, Ctrl-A x, a signal), print the CSRs of
    /// the last trap and every integer register, not only the two-line report.
    #[arg(long)]
    pub report: bool,
    /// What misaligned loads and stores do.
    #[arg(long, value_enum, default_value = "emulate")]
    pub misaligned: MisalignedArg,
    /// Give the guest this device tree blob instead of the generated one
    /// (its address is in a1 at reset).
    #[arg(long, value_name = "FILE")]
    pub dtb: Option<PathBuf>,
    /// Firmware to run first, in M-mode (ELF, or raw at 0x80000000), as
    /// QEMU's -bios: e.g. OpenSBI's fw_dynamic.bin or fw_jump.bin.
    #[arg(long, value_name = "FILE")]
    pub bios: Option<PathBuf>,
    /// The kernel (ELF, or a raw image such as Linux's Image, placed at the
    /// first 2 MiB boundary after the firmware), as QEMU's -kernel.
    #[arg(long, value_name = "FILE")]
    pub kernel: Option<PathBuf>,
    /// An initial ramdisk, placed as QEMU places it and announced in
    /// /chosen (linux,initrd-start/-end).
    #[arg(long, value_name = "FILE", requires = "kernel")]
    pub initrd: Option<PathBuf>,
    /// The kernel command line (/chosen/bootargs), as QEMU's -append.
    #[arg(long, value_name = "ARGS", conflicts_with = "bootargs")]
    pub append: Option<String>,
    /// Load FILE's bytes at ADDR (raw), as QEMU's generic loader; repeatable.
    #[arg(long = "load", value_name = "FILE@ADDR")]
    pub loads: Vec<String>,
    /// Kernel command line for /chosen/bootargs in the generated device tree.
    #[arg(long, value_name = "STRING")]
    pub bootargs: Option<String>,
    /// Where `mtime` comes from: `virtual` (100 retired instructions per tick,
    /// the same on every run) or `host` (wall time at 10 MHz; wfi sleeps).
    #[arg(long, value_enum, default_value = "virtual")]
    pub clock: ClockArg,
    /// `blocks` (decoded blocks, the fast default) or `step` (one instruction
    /// at a time, as tracing does): both give the same results.
    #[arg(long, value_enum, default_value = "blocks")]
    pub engine: EngineArg,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EngineArg {
    Blocks,
    Step,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ClockArg {
    Virtual,
    Host,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StyleArg {
    Annotated,
    Spike,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MisalignedArg {
    /// Perform them in hardware (as Spike and QEMU do).
    Emulate,
    /// Raise an address-misaligned exception.
    Trap,
}

/// Parse a size with an optional K/M/G suffix (powers of 1024; "KiB", "MB" also accepted).
pub fn parse_size(s: &str) -> Result<u64, String> {
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

pub fn fail(message: &str) -> ExitCode {
    eprintln!("hartsim: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// The `--isa` value, or the default ISA when none was given.
pub fn parse_isa(text: Option<&str>) -> Result<Isa, String> {
    text.map_or(Ok(Isa::default()), |t| Isa::parse(t).map_err(|e| e.to_string()))
}
