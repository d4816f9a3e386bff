//! hartsim: a RISC-V RV64 instruction-set emulator of QEMU's `virt` machine.
//!
//! Data flows one way: an image (ELF or raw) is loaded into a [`Machine`]
//! (hart + bus + devices), which runs it through the engine until the guest
//! exits, halts, or reaches an instruction limit.
//!
//! ```
//! use hartsim::{Machine, RunOutcome};
//! // Two instructions: li a0, 42; then an endless loop.
//! let code = [0x13, 0x05, 0xa0, 0x02, 0x6f, 0x00, 0x00, 0x00];
//! let mut m = Machine::builder().memory(1 << 20).build().unwrap();
//! m.load_raw(0x8000_0000, &code).unwrap();
//! assert_eq!(m.step(2), RunOutcome::InsnLimit);
//! assert_eq!(m.x(10).unwrap(), 42);
//! assert_eq!(m.pc(), 0x8000_0004);
//! ```
//!
//! What is public: the [`Machine`] and its builder, the [`Device`] trait for
//! memory-mapped devices of your own, the pure ISA knowledge in [`isa`]
//! (decoding, encoding, disassembly), the ELF loader's view of a program in
//! [`elf`], the [`Observer`] interface through which code watches a run
//! (instructions, traps, device accesses), and the tracer in [`debug`], which is one. The hart, bus and engine are
//! internal, so safe code cannot break the engine's invariants.

#![warn(missing_docs)]

pub mod boot;
mod bus;
pub mod debug;
mod devices;
pub mod elf;
mod engine;
mod hart;
pub mod host_file;
pub mod isa;
mod machine;
mod memory_map;

pub use boot::BootImages;
pub use bus::{MapError, RAM_BASE};
pub use devices::{
    CapturedConsole, ConsoleInput, HostConsole, HostInput, INPUT_FIFO_BYTES, StdinReader,
    StdioConsole,
};
pub use devices::{Device, DeviceAccess, DeviceCtx, DtNode, DtValue, Stop, WriteOutcome};
pub use elf::{ElfError, ElfImage};
pub use engine::Halt;
pub use engine::observe::{HartView, MemAccess, Observer, Trap};
pub use hart::{Exception, MisalignedAccess, Privilege};
pub use machine::{
    AccessError, ConfigError, Counters, DEFAULT_MEMORY, Error, MAX_MEMORY, MIN_MEMORY, Machine,
    MachineBuilder, MachineConfig, RunOutcome, check_memory,
};
