//! The machine as the library presents it: built by `MachineBuilder`,
//! loaded with ELF or raw images, run or stepped, and inspected through
//! accessors that check their arguments. The hart, bus and engine stay
//! private, so the engine's invariants (TLB host offsets belong to this
//! machine's RAM; cached translation state follows every mode, `mstatus`
//! and `satp` change) hold whatever safe code does.

use crate::boot::{self, BootImages};
use crate::bus::{Bus, MROM_BASE, MapError, RAM_BASE, RTC_BASE, RTC_IRQ, RTC_SIZE, Ram};
use crate::devices::{
    self, CapturedConsole, Clint, Console, ConsoleInput, Device, HostConsole, Htif, Semihost,
    StdioConsole, Stop,
};
use crate::elf::{self, ElfError, ElfImage, Segment, Symbols};
use crate::engine::observe::{NoObserver, Observer, Trap};
use crate::engine::{Engine, Halt, Mode, RunStop};
use crate::hart::mmu::Access;
use crate::hart::{Exception, Hart, HartConfig, MisalignedAccess, Privilege};
use crate::host_file::{FileError, FileKind, read_file};
use crate::isa::{Ext, Isa, csr_names};
use std::path::PathBuf;
use thiserror::Error;

/// Default RAM size, as QEMU's `virt` machine.
pub const DEFAULT_MEMORY: u64 = 128 << 20;
/// Smallest RAM size accepted.
pub const MIN_MEMORY: u64 = 4 << 10;
/// Largest RAM size accepted (RAM is allocated lazily: untouched pages cost
/// the host nothing).
pub const MAX_MEMORY: u64 = 64 << 30;

/// A machine configuration that cannot be built.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// RAM size outside 4 KiB to 64 GiB.
    #[error("memory size {0} bytes is out of range (4 KiB to 64 GiB)")]
    MemoryOutOfRange(u64),
    /// RAM size not a whole number of pages.
    #[error("memory size {0} is not a multiple of 4 KiB")]
    MemoryNotPageMultiple(u64),
    /// The host cannot back that much RAM.
    #[error("cannot allocate {0} bytes of guest RAM on this host (try a smaller --memory)")]
    MemoryUnavailable(u64),
    /// The given device tree blob lacks the FDT magic number.
    #[error("the --dtb file is not a flattened device tree (no 0xd00dfeed magic)")]
    NotADeviceTree,
    /// The device tree is larger than RAM leaves room for.
    #[error("the device tree ({0} bytes) does not fit in RAM where it goes (below the top)")]
    DeviceTreeTooLarge(u64),
    /// The device tree's place in RAM is taken by a loaded image.
    #[error(
        "the device tree goes at {dtb_start:#x}..{dtb_end:#x}, where the program is loaded \
         ({start:#x}..{end:#x}); give more --memory or link the program lower"
    )]
    DeviceTreeOverlapsImage {
        /// Where the tree would start.
        dtb_start: u64,
        /// Where it would end.
        dtb_end: u64,
        /// Start of the image in the way.
        start: u64,
        /// End of the image in the way.
        end: u64,
    },
    /// Writing the generated device tree failed.
    #[error("cannot build the device tree: {0}")]
    DeviceTree(String),
    /// A device added with `MachineBuilder::device` cannot be placed.
    #[error(transparent)]
    Device(#[from] MapError),
}

/// Everything that can stop hartsim before the guest runs.
#[derive(Debug, Error)]
pub enum Error {
    /// The ELF file is unusable.
    #[error("{path}: {source}")]
    Elf {
        /// The file (`<memory>` for bytes given directly).
        path: String,
        /// What is wrong with it.
        source: ElfError,
    },
    /// The configuration cannot be built.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A file could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// A raw image does not fit in RAM.
    #[error("an image of {len:#x} bytes at {addr:#x} does not fit in RAM ({RAM_BASE:#x}+{ram:#x})")]
    ImageOutsideRam {
        /// Where it was to go.
        addr: u64,
        /// Its length in bytes.
        len: u64,
        /// The RAM size.
        ram: u64,
    },
    /// Boot images that overlap or do not fit (the message names them).
    #[error("{0}")]
    Boot(String),
}

/// A register, CSR or memory access through the API that cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccessError {
    /// No integer register of that number.
    #[error("there is no register x{0} (x0 to x31)")]
    NoSuchRegister(usize),
    /// No floating-point register of that number.
    #[error("there is no register f{0} (f0 to f31)")]
    NoSuchFpRegister(usize),
    /// No CSR of that number (with the hart's ISA).
    #[error("this hart has no CSR {0:#x}")]
    NoSuchCsr(u16),
    /// No CSR of that name.
    #[error("this hart has no CSR called `{0}`")]
    UnknownCsrName(String),
    /// The CSR cannot be written.
    #[error("CSR {0:#x} is read-only")]
    ReadOnlyCsr(u16),
    /// The range is not all RAM.
    #[error("{addr:#x}+{len:#x} is not all RAM")]
    NotRam {
        /// Start of the range.
        addr: u64,
        /// Its length in bytes.
        len: u64,
    },
    /// The pc is not 2-byte (with C) or 4-byte aligned.
    #[error("pc {0:#x} is not aligned to an instruction boundary")]
    MisalignedPc(u64),
    /// The access would raise this exception in the guest (a page fault,
    /// or an access fault from PMP).
    #[error("the access would raise {0:?}")]
    Fault(Exception),
}

/// Plain settings of a machine; see `MachineBuilder` for devices.
#[derive(Debug, Clone)]
pub struct MachineConfig {
    /// RAM size in bytes, mapped at 0x8000_0000.
    pub memory: u64,
    /// The hart's instruction set (default: RV64GC and every extension
    /// hartsim implements).
    pub isa: Isa,
    /// What misaligned loads and stores do.
    pub misaligned: MisalignedAccess,
    /// Where console input comes from (default: none).
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
    Halted {
        /// Why (`Display` says it in words).
        reason: Halt,
        /// Where the hart stands.
        pc: u64,
    },
    /// The host console asked to stop (`HostConsole::stop_requested`, the
    /// CLI's Ctrl-A x).
    StoppedByHost,
    /// An observer stopped the run, saying why.
    StoppedByObserver(String),
}

/// What the machine counts as it runs, at no cost to the fast path (for
/// `--stats`): see `Machine::counters`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Instructions retired.
    pub retired: u64,
    /// Blocks of straight-line code decoded by the block engine.
    pub blocks_built: u64,
    /// Times the block cache was emptied (code written, the cache full).
    pub block_flushes: u64,
    /// Address translations the TLBs did not hold (page walks and PMP checks).
    pub tlb_misses: u64,
    /// Exceptions taken, by cause code.
    pub exceptions: [u64; 16],
    /// Interrupts taken, by cause code.
    pub interrupts: [u64; 16],
}

/// A device waiting to be placed on the bus.
struct PlannedDevice {
    base: u64,
    size: u64,
    device: Box<dyn Device>,
    irq: Option<u32>,
}

/// Builds a `Machine`: RAM size, ISA, clock, console, and devices beyond
/// the `virt` machine's own.
///
/// ```
/// use hartsim::Machine;
/// let machine = Machine::builder().memory(16 << 20).capture_output(true).build().unwrap();
/// assert_eq!(machine.pc(), 0x8000_0000);
/// ```
pub struct MachineBuilder {
    config: MachineConfig,
    devices: Vec<PlannedDevice>,
    console: Option<Box<dyn HostConsole>>,
    semihosting: Option<(PathBuf, String)>,
}

impl MachineBuilder {
    /// RAM size in bytes (a multiple of 4 KiB, 4 KiB to 64 GiB).
    pub fn memory(mut self, bytes: u64) -> Self {
        self.config.memory = bytes;
        self
    }

    /// The hart's ISA (see `Isa::parse`).
    pub fn isa(mut self, isa: Isa) -> Self {
        self.config.isa = isa;
        self
    }

    /// What misaligned loads and stores do.
    pub fn misaligned(mut self, misaligned: MisalignedAccess) -> Self {
        self.config.misaligned = misaligned;
        self
    }

    /// Serve RISC-V semihosting calls (off by default, as in QEMU): console
    /// and file I/O confined to `root`, the time, `cmdline` as the program's
    /// command line, and exit. Calls from U-mode stay breakpoints.
    pub fn semihosting(mut self, root: impl Into<PathBuf>, cmdline: &str) -> Self {
        self.semihosting = Some((root.into(), cmdline.to_string()));
        self
    }

    /// `mtime` follows the host's clock (`true`) or retired instructions.
    pub fn host_clock(mut self, host: bool) -> Self {
        self.config.host_clock = host;
        self
    }

    /// Where console input comes from.
    pub fn console_input(mut self, input: ConsoleInput) -> Self {
        self.config.console_input = input;
        self
    }

    /// The host end of the console, instead of the built-in ones (which
    /// `console_input` and `capture_output` choose between).
    pub fn console(mut self, console: impl HostConsole + 'static) -> Self {
        self.console = Some(Box::new(console));
        self
    }

    /// Keep console output in memory instead of writing it to stdout.
    pub fn capture_output(mut self, capture: bool) -> Self {
        self.config.capture_output = capture;
        self
    }

    /// Give the guest this device tree blob instead of the generated one.
    pub fn dtb(mut self, blob: Vec<u8>) -> Self {
        self.config.dtb = Some(blob);
        self
    }

    /// `/chosen/bootargs` in the generated device tree.
    pub fn bootargs(mut self, args: &str) -> Self {
        self.config.bootargs = Some(args.to_string());
        self
    }

    /// Add a memory-mapped device at `[base, base + size)`. With `irq`, its
    /// interrupt line (`Device::interrupt_level`) drives that PLIC source
    /// (1 to 95; the UART has 10). The window must not overlap RAM or
    /// another device: `build` says so otherwise.
    pub fn device(
        mut self,
        base: u64,
        size: u64,
        device: impl Device + 'static,
        irq: Option<u32>,
    ) -> Self {
        self.devices.push(PlannedDevice { base, size, device: Box::new(device), irq });
        self
    }

    /// The machine, with nothing loaded yet: RAM is zero and the hart
    /// starts at the beginning of RAM.
    pub fn build(self) -> Result<Machine, Error> {
        let config = self.config;
        check_memory(config.memory)?;
        let ram = Ram::new(config.memory as usize)
            .ok_or(ConfigError::MemoryUnavailable(config.memory))?;
        let host: Box<dyn HostConsole> = match self.console {
            Some(host) => host,
            None if config.capture_output => {
                Box::new(CapturedConsole::new(config.console_input.clone()))
            }
            None => Box::new(StdioConsole::new(config.console_input.clone())),
        };
        let console = Console::new(host);
        let clint = if config.host_clock { Clint::with_host_clock() } else { Clint::default() };
        let mut bus = Bus::new(ram, console, None, clint);
        bus.semihost =
            self.semihosting.map(|(root, cmdline)| Box::new(Semihost::new(root, cmdline)));
        let rtc = Box::new(devices::GoldfishRtc::new(config.host_clock));
        bus.add_device(RTC_BASE, RTC_SIZE, rtc, Some(RTC_IRQ)).map_err(ConfigError::from)?;
        for d in self.devices {
            bus.add_device(d.base, d.size, d.device, d.irq).map_err(ConfigError::from)?;
        }
        let dtb = match &config.dtb {
            Some(blob) if blob.starts_with(&devices::fdt::FDT_MAGIC) => blob.clone(),
            Some(_) => return Err(ConfigError::NotADeviceTree.into()),
            None => devices::fdt::machine_fdt(
                config.memory,
                devices::fdt::Chosen { bootargs: config.bootargs.as_deref(), initrd: None },
                &config.isa,
                &bus.device_tree_nodes(),
            )
            .map_err(|e| ConfigError::DeviceTree(e.to_string()))?,
        };
        if devices::fdt::fdt_address(config.memory, dtb.len() as u64).is_none() {
            return Err(ConfigError::DeviceTreeTooLarge(dtb.len() as u64).into());
        }
        let hart = Hart::new(HartConfig { misaligned: config.misaligned, isa: config.isa });
        let mut m = Machine {
            hart,
            bus,
            engine: Engine::default(),
            config,
            dtb,
            images: Vec::new(),
            entry: RAM_BASE,
            next_stage: None,
            symbols: Symbols::default(),
            retired_before_reset: 0,
        };
        m.power_on();
        Ok(m)
    }
}

/// One hart, its bus and devices, and the images loaded into them.
pub struct Machine {
    hart: Hart,
    bus: Bus,
    engine: Engine,
    config: MachineConfig,
    /// The device tree placed in RAM at every reset.
    dtb: Vec<u8>,
    /// Everything loaded, written again at every reset (as QEMU reloads
    /// its images).
    images: Vec<Segment>,
    /// Where the hart starts at reset.
    entry: u64,
    /// The next boot stage firmware hands over to (`fw_dynamic_info`'s
    /// next address): the kernel's entry, or the program's own.
    next_stage: Option<u64>,
    symbols: Symbols,
    /// Instructions retired before the last reset.
    retired_before_reset: u64,
}

impl Machine {
    /// A builder for a machine with default settings.
    pub fn builder() -> MachineBuilder {
        Self::builder_from(MachineConfig::default())
    }

    /// A builder starting from `config`.
    pub fn builder_from(config: MachineConfig) -> MachineBuilder {
        MachineBuilder { config, devices: Vec::new(), console: None, semihosting: None }
    }

    /// Check `bytes` as an ELF executable and build a machine ready to run it.
    pub fn from_elf(bytes: &[u8], config: MachineConfig) -> Result<Machine, Error> {
        let mut m = Self::builder_from(config).build()?;
        m.load_elf(bytes)?;
        Ok(m)
    }

    /// As `from_elf`, reading the file at `path`.
    pub fn from_elf_file(path: &str, config: MachineConfig) -> Result<Machine, Error> {
        let bytes = read_file(path.as_ref(), FileKind::Elf)?;
        let mut m = Self::builder_from(config).build()?;
        m.load_elf(&bytes).map_err(|e| match e {
            Error::Elf { source, .. } => Error::Elf { path: path.into(), source },
            other => other,
        })?;
        Ok(m)
    }

    /// A machine running a flat binary: `code` is copied to the start of RAM
    /// and execution starts there (as with QEMU's `-bios` of a raw image).
    pub fn from_flat_binary(code: &[u8], config: MachineConfig) -> Result<Machine, Error> {
        let mut m = Self::builder_from(config).build()?;
        m.load_raw(RAM_BASE, code)?;
        Ok(m)
    }

    /// Load an ELF executable: its segments go into RAM, its entry becomes
    /// the reset vector, and the hart is put in its power-on state there
    /// (`a0` = hart id, `a1` = the device tree). A program that defines
    /// `tohost` talks HTIF.
    pub fn load_elf(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let image = elf::load_elf(bytes, self.config.memory)
            .map_err(|source| Error::Elf { path: "<memory>".into(), source })?;
        let ElfImage { entry, segments, symbols, .. } = image;
        for seg in &segments {
            self.check_fits(seg.paddr, seg.mem_size)?;
        }
        self.bus.set_htif(htif_for(&symbols, self.config.memory));
        self.images.extend(segments);
        self.entry = entry;
        self.next_stage = None;
        self.symbols = symbols;
        self.power_on();
        Ok(())
    }

    /// Load firmware, kernel, initrd and raw images as QEMU's `virt` machine
    /// does (`-bios`, `-kernel`, `-initrd`, `-device loader`), replacing
    /// what was loaded before: firmware (ELF, or raw at RAM's start) runs
    /// first; a raw kernel goes to the first 2 MiB boundary after the
    /// firmware (plus a Linux `Image` header's `text_offset`); the initrd
    /// goes half of RAM (at most 128 MiB) past the kernel's start and is
    /// announced in `/chosen`. The hart starts at the firmware, or at the
    /// kernel without one, with `a0` = 0, `a1` = the device tree and `a2` =
    /// `fw_dynamic_info` naming the kernel. Images that overlap or do not
    /// fit in RAM are an error that names them.
    pub fn boot(&mut self, images: &BootImages) -> Result<(), Error> {
        let memory = self.config.memory;
        let mut segments: Vec<Segment> = Vec::new();
        // (start, end, what) of everything placed, for the overlap check.
        let mut placed: Vec<(u64, u64, String)> = Vec::new();
        let mut symbols = None;
        let mut firmware_entry = None;
        let mut firmware_end = RAM_BASE;
        let elf_or_raw = |bytes: &[u8], what: &str, raw_at: u64| -> Result<_, Error> {
            if bytes.starts_with(b"\x7fELF") {
                let image = elf::load_elf(bytes, memory)
                    .map_err(|source| Error::Elf { path: what.into(), source })?;
                Ok((image.segments, image.entry, Some(image.symbols)))
            } else {
                let seg = Segment {
                    paddr: raw_at,
                    data: bytes.to_vec(),
                    mem_size: bytes.len() as u64,
                    executable: true,
                };
                Ok((vec![seg], raw_at, None))
            }
        };
        if let Some(bios) = &images.bios {
            let (segs, entry, syms) = elf_or_raw(bios, "--bios", RAM_BASE)?;
            firmware_end = segs.iter().map(|s| s.paddr + s.mem_size).max().unwrap_or(RAM_BASE);
            placed.extend(segs.iter().map(|s| (s.paddr, s.paddr + s.mem_size, "--bios".into())));
            firmware_entry = Some(entry);
            symbols = syms;
            segments.extend(segs);
        }
        let mut kernel_entry = None;
        let mut kernel_low = boot::kernel_start(firmware_end);
        if let Some(kernel) = &images.kernel {
            let header = boot::image_header(kernel);
            let at =
                kernel_low.checked_add(header.map_or(0, |h| h.text_offset)).ok_or_else(|| {
                    Error::Boot("--kernel: the Image header's text_offset is out of range".into())
                })?;
            let (segs, entry, syms) = elf_or_raw(kernel, "--kernel", at)?;
            kernel_low = segs.iter().map(|s| s.paddr).min().unwrap_or(at);
            // A raw Image reserves what its header says it uses (its bss too).
            let reserved = |s: &Segment| match header {
                Some(h) if syms.is_none() => s.mem_size.max(h.image_size),
                _ => s.mem_size,
            };
            let range =
                |s: &Segment| (s.paddr, s.paddr.saturating_add(reserved(s)), "--kernel".into());
            placed.extend(segs.iter().map(range));
            kernel_entry = Some(entry);
            symbols = syms.or(symbols);
            segments.extend(segs);
        }
        let mut initrd = None;
        if let Some(bytes) = &images.initrd {
            let start = boot::initrd_start(kernel_low, memory);
            let end = start + bytes.len() as u64;
            placed.push((start, end, "--initrd".into()));
            initrd = Some((start, end));
            segments.push(Segment {
                paddr: start,
                data: bytes.clone(),
                mem_size: bytes.len() as u64,
                executable: false,
            });
        }
        for (addr, bytes, name) in &images.raw {
            let end = addr.saturating_add(bytes.len() as u64);
            placed.push((*addr, end, name.clone()));
            let seg = Segment {
                paddr: *addr,
                data: bytes.clone(),
                mem_size: bytes.len() as u64,
                executable: true,
            };
            segments.push(seg);
        }
        check_placement(&mut placed, memory)?;
        for (start, end, _) in &placed {
            self.check_dtb_room(*start, end - start)?;
        }
        if initrd.is_some() && self.config.dtb.is_none() {
            self.dtb = devices::fdt::machine_fdt(
                memory,
                devices::fdt::Chosen { bootargs: self.config.bootargs.as_deref(), initrd },
                &self.config.isa,
                &self.bus.device_tree_nodes(),
            )
            .map_err(|e| ConfigError::DeviceTree(e.to_string()))?;
        } else if initrd.is_some() {
            log::warn!("--initrd with --dtb: the given device tree is not changed to announce it");
        }
        let symbols = symbols.unwrap_or_default();
        self.bus.set_htif(htif_for(&symbols, memory));
        self.symbols = symbols;
        self.images = segments;
        self.entry = firmware_entry.or(kernel_entry).unwrap_or(RAM_BASE);
        self.next_stage = kernel_entry;
        self.power_on();
        Ok(())
    }

    /// Copy a raw image into RAM at `addr`; it is written again at every
    /// reset. The pc is left alone (a machine starts at the beginning of
    /// RAM; see `set_pc`).
    pub fn load_raw(&mut self, addr: u64, bytes: &[u8]) -> Result<(), Error> {
        let len = bytes.len() as u64;
        self.check_fits(addr, len)?;
        let segment =
            Segment { paddr: addr, data: bytes.to_vec(), mem_size: len, executable: true };
        if let Some(dst) = self.bus.ram.slice_mut(addr, len) {
            dst.copy_from_slice(bytes);
        }
        self.images.push(segment);
        Ok(())
    }

    fn check_fits(&self, addr: u64, len: u64) -> Result<(), Error> {
        let ram = self.config.memory;
        let fits = addr
            .checked_sub(RAM_BASE)
            .and_then(|off| off.checked_add(len))
            .is_some_and(|end| end <= ram);
        if !fits {
            return Err(Error::ImageOutsideRam { addr, len, ram });
        }
        Ok(self.check_dtb_room(addr, len)?)
    }

    /// A device tree the user gave must reach the guest, so an image over
    /// the place it goes is an error. (The generated tree is skipped with a
    /// warning instead: a program using that memory does not read it.)
    fn check_dtb_room(&self, addr: u64, len: u64) -> Result<(), ConfigError> {
        let size = self.dtb.len() as u64;
        let placed = devices::fdt::fdt_address(self.config.memory, size);
        match placed {
            Some(at) if self.config.dtb.is_some() && addr < at + size && at < addr + len => {
                Err(ConfigError::DeviceTreeOverlapsImage {
                    dtb_start: at,
                    dtb_end: at + size,
                    start: addr,
                    end: addr + len,
                })
            }
            _ => Ok(()),
        }
    }

    /// Reset, as the guest asks through the test finisher: RAM keeps its
    /// contents (as on QEMU) and the images are written again; devices and
    /// the hart return to their power-on state.
    pub fn reset(&mut self) {
        self.retired_before_reset += self.hart.retired;
        self.power_on();
    }

    /// Write the images and the device tree, reset the devices, and put the
    /// hart at the reset vector as QEMU's leaves it (a0 = hart id, a1 =
    /// device tree address).
    fn power_on(&mut self) {
        for seg in &self.images {
            let len = seg.data.len() as u64;
            if let Some(dst) = self.bus.ram.slice_mut(seg.paddr, len) {
                dst.copy_from_slice(&seg.data);
            }
            // The part past the file's bytes (.bss) starts as zero.
            self.bus.ram.clear(seg.paddr + len, seg.mem_size - len);
        }
        self.bus.reset_devices();
        self.hart =
            Hart::new(HartConfig { misaligned: self.config.misaligned, isa: self.config.isa });
        self.hart.pc = self.entry;
        let dtb = self.place_dtb().unwrap_or(0);
        self.hart.x[11] = dtb;
        self.hart.x[12] = self.fill_boot_rom(dtb);
    }

    /// Write what QEMU's reset code points at into the boot ROM: the start
    /// address, the device tree's, and `fw_dynamic_info` for OpenSBI's
    /// `fw_dynamic`. Returns the info's address, which QEMU passes in `a2`.
    fn fill_boot_rom(&mut self, dtb: u64) -> u64 {
        const START_AT: usize = 0x18;
        const FDT_AT: usize = 0x20;
        const INFO_AT: usize = 0x28;
        let info = boot::fw_dynamic_info(self.next_stage.unwrap_or(self.entry));
        if let Ok(mut rom) = self.bus.rom.lock() {
            rom[START_AT..START_AT + 8].copy_from_slice(&self.entry.to_le_bytes());
            rom[FDT_AT..FDT_AT + 8].copy_from_slice(&dtb.to_le_bytes());
            rom[INFO_AT..INFO_AT + info.len()].copy_from_slice(&info);
        }
        MROM_BASE + INFO_AT as u64
    }

    /// Copy the device tree to where QEMU would put it, unless an image
    /// occupies that memory.
    fn place_dtb(&mut self) -> Option<u64> {
        let size = self.dtb.len() as u64;
        let addr = devices::fdt::fdt_address(self.config.memory, size)?;
        let clashes =
            self.images.iter().any(|s| addr < s.paddr + s.mem_size && s.paddr < addr + size);
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

    /// The symbols of the last ELF loaded.
    pub fn symbols(&self) -> &Symbols {
        &self.symbols
    }

    /// Instructions retired since the machine was built (across resets).
    pub fn retired(&self) -> u64 {
        self.retired_before_reset + self.hart.retired
    }

    /// What has been counted since the last reset (instructions retired:
    /// since the machine was built).
    pub fn counters(&self) -> Counters {
        let (blocks_built, block_flushes) = self.engine.block_counts();
        Counters {
            retired: self.retired(),
            blocks_built,
            block_flushes,
            tlb_misses: self.hart.tlb_misses,
            exceptions: self.hart.exceptions,
            interrupts: self.hart.interrupts,
        }
    }

    /// The translations the TLBs hold now: (`"fetch"`, `"load"` or
    /// `"store"`, virtual page address, physical page address).
    pub fn tlb_entries(&self) -> Vec<(&'static str, u64, u64)> {
        self.hart.tlb.entries()
    }

    /// The last trap the hart took (exception or interrupt) since the last
    /// reset, if any: what a report of an unexpected stop starts from.
    pub fn last_trap(&self) -> Option<Trap> {
        self.hart.last_trap
    }

    /// Console output so far, when `capture_output` is set.
    pub fn console_output(&self) -> Option<Vec<u8>> {
        self.bus.console.captured_output()
    }

    /// Run until the guest exits or halts, or `max_insns` more instructions retire.
    pub fn run(&mut self, max_insns: Option<u64>) -> RunOutcome {
        self.run_observed(max_insns, &mut NoObserver)
    }

    /// Like `run`, but one instruction at a time, with no decoded blocks
    /// (`--engine step`): slower, and the same results.
    pub fn run_stepping(&mut self, max_insns: Option<u64>) -> RunOutcome {
        self.run_loop(max_insns, Mode::Stepping, &mut NoObserver)
    }

    /// Execute `n` instructions one at a time; `InsnLimit` when all `n`
    /// retired.
    pub fn step(&mut self, n: u64) -> RunOutcome {
        self.run_stepping(Some(n))
    }

    /// Like `run`, telling `observer` what happens (see `Observer`). An
    /// observer of every instruction makes the engine single-step; one of
    /// traps or device accesses only keeps the fast engine.
    pub fn run_observed<O: Observer>(
        &mut self,
        max_insns: Option<u64>,
        observer: &mut O,
    ) -> RunOutcome {
        self.run_loop(max_insns, Mode::Blocks, observer)
    }

    /// The engine's loop, and what its stops mean for the machine.
    fn run_loop<O: Observer>(
        &mut self,
        max_insns: Option<u64>,
        mode: Mode,
        observer: &mut O,
    ) -> RunOutcome {
        let budget_end = max_insns.map_or(u64::MAX, |n| self.retired().saturating_add(n));
        loop {
            let limit = budget_end.saturating_sub(self.retired_before_reset);
            let stop = self.engine.run(&mut self.hart, &mut self.bus, limit, mode, observer);
            self.bus.console.flush();
            match stop {
                RunStop::InsnLimit => return RunOutcome::InsnLimit,
                RunStop::Halted(reason) => {
                    return RunOutcome::Halted { reason, pc: self.hart.pc };
                }
                RunStop::Host => return RunOutcome::StoppedByHost,
                RunStop::Observer(reason) => return RunOutcome::StoppedByObserver(reason),
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

    /// The address of the next instruction.
    pub fn pc(&self) -> u64 {
        self.hart.pc
    }

    /// Continue at `pc` (2-byte aligned with C, else 4-byte aligned).
    pub fn set_pc(&mut self, pc: u64) -> Result<(), AccessError> {
        let align = if self.hart.config.isa.has(Ext::C) { 2 } else { 4 };
        if !pc.is_multiple_of(align) {
            return Err(AccessError::MisalignedPc(pc));
        }
        self.hart.pc = pc;
        Ok(())
    }

    /// Integer register `x[n]`.
    pub fn x(&self, n: usize) -> Result<u64, AccessError> {
        self.hart.x.get(n).copied().ok_or(AccessError::NoSuchRegister(n))
    }

    /// Set `x[n]`; writes to x0 are ignored, as the hart ignores them.
    pub fn set_x(&mut self, n: usize, value: u64) -> Result<(), AccessError> {
        let reg = self.hart.x.get_mut(n).ok_or(AccessError::NoSuchRegister(n))?;
        *reg = if n == 0 { 0 } else { value };
        Ok(())
    }

    /// Floating-point register `f[n]` as raw bits (singles are NaN-boxed).
    pub fn f(&self, n: usize) -> Result<u64, AccessError> {
        self.hart.f.get(n).copied().ok_or(AccessError::NoSuchFpRegister(n))
    }

    /// Set `f[n]` to raw bits.
    pub fn set_f(&mut self, n: usize, value: u64) -> Result<(), AccessError> {
        *self.hart.f.get_mut(n).ok_or(AccessError::NoSuchFpRegister(n))? = value;
        Ok(())
    }

    /// The privilege level the hart runs at.
    pub fn privilege(&self) -> Privilege {
        self.hart.mode
    }

    /// Switch the hart to `mode` (what translation applies changes with it).
    pub fn set_privilege(&mut self, mode: Privilege) {
        self.hart.mode = mode;
        self.hart.context_changed();
        self.hart.next_irq_check = 0;
    }

    /// Read CSR `num` as a debugger does (no privilege checks, no side effects).
    pub fn csr(&self, num: u16) -> Result<u64, AccessError> {
        self.hart.csr_peek(&self.bus, num).ok_or(AccessError::NoSuchCsr(num))
    }

    /// Write CSR `num` as a debugger does: no privilege checks, the
    /// register's own rules for which bits change.
    pub fn set_csr(&mut self, num: u16, value: u64) -> Result<(), AccessError> {
        self.csr(num)?;
        if self.hart.csr_poke(num, value) { Ok(()) } else { Err(AccessError::ReadOnlyCsr(num)) }
    }

    /// The number of the CSR called `name` (`"mstatus"`, `"pmpaddr3"`, ...).
    pub fn csr_number(name: &str) -> Result<u16, AccessError> {
        csr_names::csr_number(name).ok_or_else(|| AccessError::UnknownCsrName(name.into()))
    }

    /// Read the CSR called `name`.
    pub fn csr_by_name(&self, name: &str) -> Result<u64, AccessError> {
        self.csr(Self::csr_number(name)?)
    }

    /// Write the CSR called `name`.
    pub fn set_csr_by_name(&mut self, name: &str, value: u64) -> Result<(), AccessError> {
        self.set_csr(Self::csr_number(name)?, value)
    }

    /// Read RAM at physical `addr` into `buf`.
    pub fn read_phys(&self, addr: u64, buf: &mut [u8]) -> Result<(), AccessError> {
        let len = buf.len() as u64;
        let bytes = self.bus.ram.slice(addr, len).ok_or(AccessError::NotRam { addr, len })?;
        buf.copy_from_slice(bytes);
        Ok(())
    }

    /// Write `data` into RAM at physical `addr` (decoded code there is
    /// dropped, as for a guest store).
    pub fn write_phys(&mut self, addr: u64, data: &[u8]) -> Result<(), AccessError> {
        let len = data.len() as u64;
        let bytes = self.bus.ram.slice_mut(addr, len).ok_or(AccessError::NotRam { addr, len })?;
        bytes.copy_from_slice(data);
        Ok(())
    }

    /// The physical address a load from virtual `vaddr` would use now
    /// (translation, MPRV and PMP as the hart applies them), or the
    /// exception it would raise. Nothing changes: no TLB fill, no A/D bits.
    pub fn translate(&self, vaddr: u64) -> Result<u64, AccessError> {
        self.translate_for(vaddr, Access::Load)
    }

    fn translate_for(&self, vaddr: u64, access: Access) -> Result<u64, AccessError> {
        if !self.hart.translate_data {
            return Ok(vaddr);
        }
        self.hart.translate_debug(&self.bus, vaddr, access).map_err(AccessError::Fault)
    }

    /// Read guest memory at virtual `vaddr` through the current translation.
    pub fn read_virt(&self, vaddr: u64, buf: &mut [u8]) -> Result<(), AccessError> {
        for (i, byte) in buf.iter_mut().enumerate() {
            let paddr = self.translate_for(vaddr.wrapping_add(i as u64), Access::Load)?;
            let mut one = [0u8];
            self.read_phys(paddr, &mut one)?;
            *byte = one[0];
        }
        Ok(())
    }

    /// Write guest memory at virtual `vaddr` through the current
    /// translation (with store permissions). Every byte is translated
    /// before any is written.
    pub fn write_virt(&mut self, vaddr: u64, data: &[u8]) -> Result<(), AccessError> {
        let mut physical = Vec::with_capacity(data.len());
        for i in 0..data.len() as u64 {
            let paddr = self.translate_for(vaddr.wrapping_add(i), Access::Store)?;
            if self.bus.ram.slice(paddr, 1).is_none() {
                return Err(AccessError::NotRam { addr: paddr, len: 1 });
            }
            physical.push(paddr);
        }
        for (paddr, byte) in physical.into_iter().zip(data) {
            self.write_phys(paddr, std::slice::from_ref(byte))?;
        }
        Ok(())
    }
}

/// Each image must lie in RAM and none may overlap another: say which.
fn check_placement(placed: &mut [(u64, u64, String)], memory: u64) -> Result<(), Error> {
    let ram_end = RAM_BASE + memory;
    for (start, end, what) in placed.iter() {
        if *start < RAM_BASE || *end > ram_end {
            return Err(Error::Boot(format!(
                "{what} at {start:#x}..{end:#x} does not fit in RAM ({RAM_BASE:#x}..{ram_end:#x})"
            )));
        }
    }
    placed.sort();
    if let Some(pair) = placed.windows(2).find(|w| w[1].0 < w[0].1) {
        let ((a0, a1, a), (b0, b1, b)) = (&pair[0], &pair[1]);
        return Err(Error::Boot(format!(
            "{a} ({a0:#x}..{a1:#x}) and {b} ({b0:#x}..{b1:#x}) overlap"
        )));
    }
    Ok(())
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
fn htif_for(symbols: &Symbols, memory: u64) -> Option<Htif> {
    let in_ram = |a: &u64| a.checked_sub(RAM_BASE).is_some_and(|off| off <= memory - 8);
    let tohost = symbols.address_of("tohost").filter(in_ram)?;
    let fromhost = symbols.address_of("fromhost").filter(in_ram);
    Some(Htif::new(tohost, fromhost))
}
