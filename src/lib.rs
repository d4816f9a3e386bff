//! hartsim: a RISC-V RV64 instruction-set emulator of QEMU's `virt` machine.
//!
//! Data flows one way: an ELF file becomes an [`ElfImage`], which a [`Machine`]
//! (hart + bus + devices) loads and runs through the engine until the guest
//! exits, halts, or reaches an instruction limit.
//!
//! ```no_run
//! use hartsim::{Machine, MachineConfig, RunOutcome};
//! let bytes = std::fs::read("prog.elf").unwrap();
//! let mut m = Machine::from_elf(&bytes, MachineConfig::default()).unwrap();
//! if let RunOutcome::Exited(code) = m.run(None) {
//!     std::process::exit(code as i32);
//! }
//! ```

pub mod bus;
pub mod debug;
pub mod devices;
pub mod elf;
pub mod engine;
pub mod hart;
pub mod isa;

pub use devices::ConsoleInput;
pub use elf::{ElfError, ElfImage};
pub use hart::MisalignedAccess;

use bus::{Bus, RAM_BASE};
use devices::{Console, Htif, Stop};
use engine::{Engine, RunStop};
use hart::{Hart, HartConfig};
use isa::Isa;
use thiserror::Error;

/// Default RAM size, as QEMU's `virt` machine.
pub const DEFAULT_MEMORY: u64 = 128 << 20;
/// Smallest and largest RAM sizes accepted.
pub const MIN_MEMORY: u64 = 4 << 10;
pub const MAX_MEMORY: u64 = 64 << 30;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("memory size {0} bytes is out of range (4 KiB to 64 GiB)")]
    MemoryOutOfRange(u64),
    #[error("memory size {0} is not a multiple of 4 KiB")]
    MemoryNotPageMultiple(u64),
    #[error("the --dtb file is not a flattened device tree (no 0xd00dfeed magic)")]
    NotADeviceTree,
    #[error("cannot build the device tree: {0}")]
    DeviceTree(String),
}

/// Everything that can stop hartsim before the guest runs.
#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Elf { path: String, source: ElfError },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

#[derive(Debug, Clone)]
pub struct MachineConfig {
    /// RAM size in bytes, mapped at 0x8000_0000.
    pub memory: u64,
    /// The hart's instruction set (default: RV64GC and every extension
    /// hartsim implements).
    pub isa: Isa,
    pub misaligned: MisalignedAccess,
    pub console_input: ConsoleInput,
    /// Keep console output in memory (see `Machine::console_output`) instead of
    /// writing it to stdout.
    pub capture_output: bool,
    /// A device tree blob to give the guest instead of the generated one.
    pub dtb: Option<Vec<u8>>,
    /// `/chosen/bootargs` in the generated device tree.
    pub bootargs: Option<String>,
    /// `mtime` follows the host's clock instead of retired instructions
    /// (interactive use; runs are then not repeatable).
    pub host_clock: bool,
}

impl Default for MachineConfig {
    fn default() -> Self {
        MachineConfig {
            memory: DEFAULT_MEMORY,
            isa: Isa::default(),
            misaligned: MisalignedAccess::default(),
            console_input: ConsoleInput::default(),
            capture_output: false,
            dtb: None,
            bootargs: None,
            host_clock: false,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    /// The guest powered off with this exit code (finisher or HTIF).
    Exited(u64),
    /// The instruction limit was reached first.
    InsnLimit,
    /// The guest can make no progress (e.g. `wfi` that nothing can wake).
    Halted { reason: String, pc: u64 },
}

/// One hart, its bus and devices, and the program loaded into them.
pub struct Machine {
    pub hart: Hart,
    pub bus: Bus,
    engine: Engine,
    image: ElfImage,
    config: MachineConfig,
    /// The device tree placed in RAM at every reset.
    dtb: Vec<u8>,
    /// Instructions retired before the last reset.
    retired_before_reset: u64,
}

impl Machine {
    /// Check `bytes` as an ELF executable and build a machine ready to run it.
    pub fn from_elf(bytes: &[u8], config: MachineConfig) -> Result<Machine, Error> {
        Self::from_named_elf("<memory>", bytes, config)
    }

    /// As `from_elf`, reading the file at `path`.
    pub fn from_elf_file(path: &str, config: MachineConfig) -> Result<Machine, Error> {
        let bytes =
            std::fs::read(path).map_err(|source| Error::Io { path: path.into(), source })?;
        Self::from_named_elf(path, &bytes, config)
    }

    fn from_named_elf(path: &str, bytes: &[u8], config: MachineConfig) -> Result<Machine, Error> {
        check_memory(config.memory)?;
        let image = elf::load_elf(bytes, config.memory)
            .map_err(|source| Error::Elf { path: path.into(), source })?;
        Self::from_image(image, config)
    }

    /// A machine running a flat binary: `code` is copied to the start of RAM
    /// and execution starts there (as with QEMU's `-bios` of a raw image).
    pub fn from_flat_binary(code: &[u8], config: MachineConfig) -> Result<Machine, Error> {
        check_memory(config.memory)?;
        if code.len() as u64 > config.memory {
            return Err(ConfigError::MemoryOutOfRange(code.len() as u64).into());
        }
        let segment = elf::Segment {
            paddr: RAM_BASE,
            data: code.to_vec(),
            mem_size: code.len().max(1) as u64,
            executable: true,
        };
        let image = ElfImage {
            entry: RAM_BASE,
            segments: vec![segment],
            symbols: Default::default(),
            code_sections: Vec::new(),
        };
        Self::from_image(image, config)
    }

    /// `config.memory` has been checked by the caller.
    fn from_image(image: ElfImage, config: MachineConfig) -> Result<Machine, Error> {
        let dtb = match &config.dtb {
            Some(blob) if blob.starts_with(&devices::fdt::FDT_MAGIC) => blob.clone(),
            Some(_) => return Err(ConfigError::NotADeviceTree.into()),
            None => {
                devices::fdt::machine_fdt(config.memory, config.bootargs.as_deref(), &config.isa)
                    .map_err(|e| ConfigError::DeviceTree(e.to_string()))?
            }
        };
        let console = match (config.capture_output, &config.console_input) {
            (true, ConsoleInput::Bytes(input)) => Console::captured_with_input(input),
            (true, _) => Console::captured(),
            (false, input) => Console::stdio(input.clone()),
        };
        let htif = htif_for(&image, config.memory);
        let bus = Bus::new(config.memory as usize, console, htif);
        let hart = Hart::new(HartConfig { misaligned: config.misaligned, isa: config.isa });
        let mut m = Machine {
            hart,
            bus,
            engine: Engine::default(),
            image,
            config,
            dtb,
            retired_before_reset: 0,
        };
        m.power_on();
        Ok(m)
    }

    /// Power-on state: program in RAM, hart at the entry point, as QEMU's
    /// reset vector leaves it (a0 = hart id, a1 = device tree address).
    pub fn reset(&mut self) {
        self.retired_before_reset += self.hart.retired;
        self.bus.ram.clear();
        self.power_on();
    }

    /// Load the program and set up the hart; RAM must be zero already.
    fn power_on(&mut self) {
        for seg in &self.image.segments {
            if let Some(dst) = self.bus.ram.slice_mut(seg.paddr, seg.data.len() as u64) {
                dst.copy_from_slice(&seg.data);
            }
        }
        self.bus.clint = if self.config.host_clock {
            devices::Clint::with_host_clock()
        } else {
            Default::default()
        };
        self.bus.uart = Default::default();
        self.bus.stop = None;
        self.bus.plic = devices::Plic::new();
        self.hart =
            Hart::new(HartConfig { misaligned: self.config.misaligned, isa: self.config.isa });
        self.hart.pc = self.image.entry;
        self.hart.x[11] = self.place_dtb().unwrap_or(0);
    }

    /// Copy the device tree to where QEMU would put it, unless the program
    /// occupies that memory.
    fn place_dtb(&mut self) -> Option<u64> {
        let size = self.dtb.len() as u64;
        let addr = devices::fdt::fdt_address(self.config.memory, size)?;
        let clashes = self
            .image
            .segments
            .iter()
            .any(|s| addr < s.paddr + s.mem_size && s.paddr < addr + size);
        if clashes {
            log::warn!("the program occupies {addr:#x}, where the device tree goes; a1 = 0");
            return None;
        }
        self.bus.ram.slice_mut(addr, size)?.copy_from_slice(&self.dtb);
        Some(addr)
    }

    /// The device tree blob given to the guest.
    pub fn dtb(&self) -> &[u8] {
        &self.dtb
    }

    pub fn image(&self) -> &ElfImage {
        &self.image
    }

    /// Instructions retired since the machine was built (across resets).
    pub fn retired(&self) -> u64 {
        self.retired_before_reset + self.hart.retired
    }

    /// Console output so far, when `capture_output` is set.
    pub fn console_output(&self) -> Option<Vec<u8>> {
        self.bus.console.captured_output()
    }

    /// Run until the guest exits or halts, or `max_insns` more instructions retire.
    pub fn run(&mut self, max_insns: Option<u64>) -> RunOutcome {
        self.run_with(max_insns, |engine, hart, bus, limit| engine.run(hart, bus, limit))
    }

    /// The run loop shared by the fast and the traced paths: `run_some`
    /// executes until a stop, and this handles what the stop means.
    /// Like `run`, but one instruction at a time, with no decoded blocks
    /// (`--engine step`): slower, and the same results.
    pub fn run_stepping(&mut self, max_insns: Option<u64>) -> RunOutcome {
        self.run_with(max_insns, |engine, hart, bus, limit| engine.run_stepping(hart, bus, limit))
    }

    pub(crate) fn run_with(
        &mut self,
        max_insns: Option<u64>,
        mut run_some: impl FnMut(&mut Engine, &mut Hart, &mut Bus, u64) -> RunStop,
    ) -> RunOutcome {
        let budget_end = max_insns.map_or(u64::MAX, |n| self.retired().saturating_add(n));
        loop {
            let limit = budget_end.saturating_sub(self.retired_before_reset);
            let stop = run_some(&mut self.engine, &mut self.hart, &mut self.bus, limit);
            self.bus.console.flush();
            match stop {
                RunStop::InsnLimit => return RunOutcome::InsnLimit,
                RunStop::Halted(reason) => {
                    return RunOutcome::Halted { reason, pc: self.hart.pc };
                }
                RunStop::Device => match self.bus.stop.take() {
                    Some(Stop::Exit(code)) => return RunOutcome::Exited(code),
                    Some(Stop::Reset) => {
                        log::info!("guest requested a reset");
                        self.reset();
                    }
                    None => {}
                },
            }
        }
    }
}

/// Is `size` an acceptable RAM size?
pub fn check_memory(size: u64) -> Result<(), ConfigError> {
    if !(MIN_MEMORY..=MAX_MEMORY).contains(&size) {
        return Err(ConfigError::MemoryOutOfRange(size));
    }
    if !size.is_multiple_of(4096) {
        return Err(ConfigError::MemoryNotPageMultiple(size));
    }
    Ok(())
}

/// HTIF is present when the program defines a `tohost` symbol inside RAM.
fn htif_for(image: &ElfImage, memory: u64) -> Option<Htif> {
    let in_ram = |a: &u64| a.checked_sub(RAM_BASE).is_some_and(|off| off + 8 <= memory);
    let tohost = image.symbols.address_of("tohost").filter(in_ram)?;
    let fromhost = image.symbols.address_of("fromhost").filter(in_ram);
    Some(Htif::new(tohost, fromhost))
}
