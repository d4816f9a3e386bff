//! Memory-mapped devices of the `virt` machine and the console they share.
//! Devices see only their own registers, the current virtual time and the
//! console; each describes its own device-tree node and drives its
//! interrupt line into the PLIC. The CLINT (timer, software interrupt) and
//! the PLIC are the interrupt sources the hart's `mip` is made of.

mod clint;
mod console;
pub mod fdt;
mod finisher;
mod goldfish_rtc;
mod htif;
mod plic;
mod rom;
mod semihost;
mod uart16550;

pub use clint::{CYCLES_PER_TICK, Clint, TimerDeadline};
pub use console::{
    CapturedConsole, Console, ConsoleInput, HostConsole, HostInput, INPUT_FIFO_BYTES, StdinReader,
    StdioConsole,
};
pub use finisher::TestFinisher;
pub use goldfish_rtc::GoldfishRtc;
pub use htif::Htif;
pub use plic::{LAST_SOURCE, Plic};
pub use rom::{Rom, RomContents};
pub use semihost::{Semihost, SemihostMemory, SemihostResult};
pub use uart16550::Uart16550;

/// Device-tree phandles of the nodes other nodes point at.
pub(crate) const PHANDLE_CPU_INTC: u32 = 1;
pub(crate) const PHANDLE_TEST: u32 = 2;
pub(crate) const PHANDLE_PLIC: u32 = 3;
/// Interrupt numbers of the hart's local interrupt controller (`mip` bits).
pub(crate) const IRQ_M_SOFT: u32 = 3;
pub(crate) const IRQ_M_TIMER: u32 = 7;
pub(crate) const IRQ_S_EXT: u32 = 9;
pub(crate) const IRQ_M_EXT: u32 = 11;

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
    /// The write was done.
    Done,
    /// The write was done, and asks the machine to stop.
    Stop(Stop),
    /// The device rejects this access (bad width or offset): an access fault.
    Fault,
}

/// What a device may use while handling an access.
pub struct DeviceCtx<'a> {
    /// Virtual time in cycles (one per retired instruction, plus idle time).
    pub now: u64,
    pub(crate) console: &'a mut Console,
}

impl DeviceCtx<'_> {
    /// Send bytes to the machine's console (the terminal, or the captured output).
    pub fn console_write(&mut self, bytes: &[u8]) {
        self.console.put_bytes(bytes);
    }

    /// The next byte of console input, if one has arrived.
    pub fn console_read(&mut self) -> Option<u8> {
        self.console.take_input()
    }
}

/// A memory-mapped device: registered on the bus with an address window and
/// optionally a PLIC interrupt source (see `MachineBuilder::device`).
///
/// Offsets are relative to the device's base address; `size` is the access
/// width in bytes (1, 2, 4 or 8). An access the device refuses becomes an
/// access-fault exception in the guest.
pub trait Device {
    /// The register value, or `None` to fault the access.
    fn read(&mut self, offset: u64, size: u64, ctx: &mut DeviceCtx) -> Option<u64>;

    /// Write a register.
    fn write(&mut self, offset: u64, size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome;

    /// The level of the device's interrupt line, fed to its PLIC source
    /// after every access to the device (and while `waits_for_input`, as
    /// console input arrives).
    fn interrupt_level(&mut self, _ctx: &mut DeviceCtx) -> bool {
        false
    }

    /// Console input may raise this device's interrupt: the machine must
    /// watch for input while this is true.
    fn waits_for_input(&self) -> bool {
        false
    }

    /// The device's device-tree nodes under `/soc`. The first is the
    /// device's own: the bus names it `name@base` and adds `reg` and, for
    /// a device with an interrupt source, `interrupt-parent` and
    /// `interrupts`. Any others are written as they are (helper nodes such
    /// as `syscon-poweroff`). Default: none.
    fn device_tree(&self) -> Vec<DtNode> {
        Vec::new()
    }

    /// Return to the power-on state (machine reset).
    fn reset(&mut self) {}
}

/// A device-tree node a device describes (see `Device::device_tree`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DtNode {
    /// The node name, without a unit address.
    pub name: String,
    /// Properties in the order they are written.
    pub properties: Vec<(String, DtValue)>,
}

impl DtNode {
    /// A node with no properties yet.
    pub fn new(name: &str) -> Self {
        DtNode { name: name.to_string(), properties: Vec::new() }
    }

    /// Add a property.
    pub fn with(mut self, name: &str, value: DtValue) -> Self {
        self.properties.push((name.to_string(), value));
        self
    }
}

/// A device-tree property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DtValue {
    /// A property with no value (`interrupt-controller;`).
    Empty,
    /// One cell.
    U32(u32),
    /// Several cells (phandle and interrupt lists).
    U32s(Vec<u32>),
    /// A string.
    String(String),
    /// A string list (`compatible`).
    Strings(Vec<String>),
}

impl DtValue {
    /// A string list from string slices.
    pub fn strings(list: &[&str]) -> Self {
        DtValue::Strings(list.iter().map(|s| s.to_string()).collect())
    }
}

/// A device register access, at its physical address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceAccess {
    /// The physical address.
    pub addr: u64,
    /// Bytes accessed.
    pub size: u64,
    /// The value read or written (0 for a read that faulted).
    pub value: u64,
    /// A write (else a read).
    pub write: bool,
    /// The access faulted (no device there, or it refused the size).
    pub faulted: bool,
}

/// Guest RAM as a device that reads and writes it directly sees it (HTIF's
/// system calls). It lives here, not on the bus, so devices need nothing
/// from the layer above them.
pub trait GuestRam {
    /// `size` bytes (1, 2, 4 or 8) at physical `addr`, little-endian.
    fn read(&self, addr: u64, size: u64) -> Option<u64>;
    /// Write `size` bytes at physical `addr`; `false` if it is not RAM.
    fn write(&mut self, addr: u64, size: u64, value: u64) -> bool;
    /// `len` bytes at physical `addr`.
    fn bytes(&self, addr: u64, len: u64) -> Option<&[u8]>;
}
