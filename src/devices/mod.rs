//! Memory-mapped devices of the `virt` machine and the console they share.
//! Devices see only their own registers, the current virtual time and the
//! console; they signal the hart through interrupt lines the hart polls.

mod clint;
mod console;
pub mod fdt;
mod finisher;
mod htif;
mod plic;
pub mod terminal;
mod uart16550;

pub use clint::{CYCLES_PER_TICK, Clint, LAST_CYCLE, TimerDeadline};
pub use console::{Console, ConsoleInput};
pub use finisher::TestFinisher;
pub use htif::Htif;
pub use plic::Plic;
pub use uart16550::Uart16550;

/// A device asks the machine to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Power off with this exit code (0 = success).
    Exit(u64),
    /// Reset the machine and run the program again from its entry point.
    Reset,
}

/// What a device register write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Done,
    Stop(Stop),
    /// The device rejects this access (bad width or offset): an access fault.
    Fault,
}

/// What a device may use while handling an access.
pub struct DeviceCtx<'a> {
    /// Virtual time in cycles.
    pub now: u64,
    pub console: &'a mut Console,
}

/// A memory-mapped device. Offsets are relative to the device's base address;
/// `size` is the access width in bytes (1, 2, 4 or 8).
pub trait Device {
    /// The register value, or `None` to fault the access.
    fn read(&mut self, offset: u64, size: u64, ctx: &mut DeviceCtx) -> Option<u64>;
    fn write(&mut self, offset: u64, size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome;
}
