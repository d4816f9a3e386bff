//! Observers: code that watches a run (the tracer, a debugger, a profiler)
//! through one interface the engine calls, instead of loops of their own.
//!
//! The engine is generic over the observer, so with `NoObserver` every hook
//! compiles to nothing and the fast block engine runs as if no hook existed.
//! An observer that wants every instruction (`EACH_INSTRUCTION`) makes the
//! engine execute one instruction at a time, through the same loop; traps,
//! interrupts and device accesses are reported on both paths.

use std::ops::ControlFlow;

use crate::bus::Bus;
pub use crate::devices::DeviceAccess;
use crate::hart::mmu::Access;
pub use crate::hart::trap::Trap;
use crate::hart::{Hart, Privilege};
use crate::isa::{Format, Insn, Op};

/// Watches a run. Every hook has a default that does nothing; a hook that
/// returns `ControlFlow::Break(reason)` stops the run
/// (`RunOutcome::StoppedByObserver`).
pub trait Observer {
    /// Call `before` and `retired` for every instruction (the engine then
    /// single-steps). Leave it `false` for observers of traps or devices only.
    const EACH_INSTRUCTION: bool = false;
    /// Report device (MMIO) accesses to `device_access`.
    const DEVICE_ACCESSES: bool = false;

    /// `insn` is about to execute at `hart.pc()`.
    fn before(&mut self, insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        let _ = (insn, hart);
        ControlFlow::Continue(())
    }

    /// `insn` retired; `hart` shows the state after it. `mem` is the memory
    /// access it made, if any.
    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        let _ = (insn, mem, hart);
        ControlFlow::Continue(())
    }

    /// The hart took a trap (an exception or an interrupt); `hart` shows it
    /// at the handler.
    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        let _ = (trap, hart);
        ControlFlow::Continue(())
    }

    /// The guest read or wrote a device register.
    fn device_access(&mut self, access: &DeviceAccess) -> ControlFlow<String> {
        let _ = access;
        ControlFlow::Continue(())
    }
}

/// An observer lent out: what it sees is what it would see itself.
impl<T: Observer> Observer for &mut T {
    const EACH_INSTRUCTION: bool = T::EACH_INSTRUCTION;
    const DEVICE_ACCESSES: bool = T::DEVICE_ACCESSES;

    fn before(&mut self, insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        (**self).before(insn, hart)
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        (**self).retired(insn, mem, hart)
    }

    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        (**self).trap(trap, hart)
    }

    fn device_access(&mut self, access: &DeviceAccess) -> ControlFlow<String> {
        (**self).device_access(access)
    }
}

/// Two observers watching one run: each hook goes to both, and the first to
/// ask for a stop stops it.
impl<A: Observer, B: Observer> Observer for (A, B) {
    const EACH_INSTRUCTION: bool = A::EACH_INSTRUCTION || B::EACH_INSTRUCTION;
    const DEVICE_ACCESSES: bool = A::DEVICE_ACCESSES || B::DEVICE_ACCESSES;

    fn before(&mut self, insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        self.0.before(insn, hart)?;
        self.1.before(insn, hart)
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        self.0.retired(insn, mem, hart)?;
        self.1.retired(insn, mem, hart)
    }

    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        self.0.trap(trap, hart)?;
        self.1.trap(trap, hart)
    }

    fn device_access(&mut self, access: &DeviceAccess) -> ControlFlow<String> {
        self.0.device_access(access)?;
        self.1.device_access(access)
    }
}

/// Watches nothing: the engine's fast path.
pub struct NoObserver;

impl Observer for NoObserver {}

/// A load, store or atomic of one instruction, at its virtual address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemAccess {
    /// The virtual address.
    pub addr: u64,
    /// Bytes accessed.
    pub size: u64,
    /// A load (or the read half of an AMO, LR).
    pub read: bool,
    /// The value stored, for stores, SC and AMOs (an SC that failed stores
    /// nothing: `None`).
    pub stored: Option<u64>,
}

/// What observers may look at: the hart's state, read-only.
pub struct HartView<'a> {
    hart: &'a Hart,
    bus: &'a Bus,
}

impl<'a> HartView<'a> {
    pub(crate) fn new(hart: &'a Hart, bus: &'a Bus) -> Self {
        HartView { hart, bus }
    }

    /// The pc: of the next instruction (in `before`, the one about to run).
    pub fn pc(&self) -> u64 {
        self.hart.pc
    }

    /// `x[n]` (0 for n > 31).
    pub fn x(&self, n: usize) -> u64 {
        self.hart.x.get(n).copied().unwrap_or(0)
    }

    /// `f[n]` as raw bits (0 for n > 31).
    pub fn f(&self, n: usize) -> u64 {
        self.hart.f.get(n).copied().unwrap_or(0)
    }

    /// The privilege mode.
    pub fn privilege(&self) -> Privilege {
        self.hart.mode
    }

    /// CSR `num`, read without side effects; `None` if it does not exist.
    pub fn csr(&self, num: u16) -> Option<u64> {
        self.hart.csr_peek(self.bus, num)
    }

    /// Did the last FP instruction raise exception flags (a write of
    /// `fflags` even when the flags were already set)?
    pub fn fp_flags_raised(&self) -> bool {
        self.hart.fp_flags_raised
    }

    /// Did the last `sc` store?
    pub fn sc_stored(&self) -> bool {
        self.hart.last_sc_stored
    }

    /// The memory access `insn` (about to run, in `before`) will make, from
    /// the registers as they are: what a watchpoint checks before the
    /// access happens.
    pub fn planned_access(&self, insn: &Insn) -> Option<MemAccess> {
        planned_access(self.hart, insn)
    }

    /// `size` bytes (1, 2, 4 or 8) of RAM at physical `addr`.
    pub fn read_ram(&self, addr: u64, size: u64) -> Option<u64> {
        self.bus.ram.read(addr, size)
    }
}

/// The memory access `insn` is about to make, from the registers before it
/// runs (the stored value of a failed SC and of an AMO is settled after).
pub(crate) fn planned_access(hart: &Hart, insn: &Insn) -> Option<MemAccess> {
    let size = insn.op.access_width();
    if size == 0 {
        return None;
    }
    let base = hart.x[insn.rs1 as usize];
    let addr = if insn.op.format().has_offset_address() {
        base.wrapping_add(insn.imm as u64)
    } else {
        base
    };
    let mask = if size == 8 { u64::MAX } else { (1 << (8 * size)) - 1 };
    let is_sc = matches!(insn.op, Op::ScW | Op::ScD);
    let format = insn.op.format();
    let stored = match format {
        Format::Store => Some(hart.x[insn.rs2 as usize]),
        Format::FpStore => Some(hart.f[insn.rs2 as usize]),
        _ if is_sc => Some(hart.x[insn.rs2 as usize]),
        _ => None,
    };
    let is_amo = format == Format::Amo && !is_sc;
    let read = matches!(format, Format::Load | Format::FpLoad | Format::Lr) || is_amo;
    Some(MemAccess { addr, size, read, stored: stored.map(|v| v & mask) })
}

/// Settle what a retired instruction stored: an AMO stores what memory now
/// holds (read back through the same translation, which cannot fail now),
/// an SC that failed stores nothing.
pub(crate) fn settle_access(hart: &Hart, bus: &Bus, insn: &Insn, access: &mut MemAccess) {
    let is_sc = matches!(insn.op, Op::ScW | Op::ScD);
    if is_sc && !hart.last_sc_stored {
        access.stored = None;
    } else if insn.op.format() == Format::Amo && !is_sc {
        access.stored = hart
            .translate_debug(bus, access.addr, Access::Load)
            .ok()
            .and_then(|paddr| bus.ram.read(paddr, access.size));
    }
}
