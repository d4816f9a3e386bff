//! One hart's architectural state and the operations instructions build on:
//! register access, memory access with alignment and fault rules, and the
//! retired-instruction / virtual-time counters.

pub mod csr;
pub mod exec;
pub mod fpu;
pub mod mmu;
pub mod mstatus;
pub mod pmp;
pub mod trap;

use crate::bus::{Bus, Written};
use crate::isa::Isa;
use csr::CsrState;
use mmu::{Access, PAGE_SIZE, Tlb};
use pmp::Pmp;
pub use trap::Exception;

/// Privilege levels, encoded as in `mstatus.MPP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Privilege {
    /// U-mode.
    User = 0,
    /// S-mode.
    Supervisor = 1,
    /// M-mode.
    Machine = 3,
}

impl Privilege {
    /// The mode encoded in the low two bits of `bits` (2, reserved, reads as M).
    pub fn from_bits(bits: u64) -> Self {
        match bits & 3 {
            0 => Privilege::User,
            1 => Privilege::Supervisor,
            _ => Privilege::Machine,
        }
    }
}

/// What a misaligned load or store does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MisalignedAccess {
    /// Performed in hardware, as Spike (with Zicclsm) and QEMU do.
    #[default]
    Emulate,
    /// Raises a load/store address-misaligned exception for the handler to emulate.
    Trap,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct HartConfig {
    pub misaligned: MisalignedAccess,
    /// The extensions this hart implements: only their instructions decode.
    pub isa: Isa,
}

/// Why an instruction did not simply retire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A synchronous exception: the instruction does not retire.
    Exception(Exception),
    /// A device asked the machine to stop (see `Bus::stop`); the instruction retires.
    Stop,
    /// The instruction retired but changed what the engine relies on (it wrote
    /// decoded code or a device register): the engine looks again before going on.
    Resync,
    /// The hart can make no further progress; the instruction does not retire.
    Halt(&'static str),
}

impl Event {
    /// Does the instruction that raised this still retire?
    pub fn retires(self) -> bool {
        matches!(self, Event::Stop | Event::Resync)
    }
}

impl From<Exception> for Event {
    fn from(e: Exception) -> Self {
        Event::Exception(e)
    }
}

pub type ExecResult = Result<(), Event>;

/// Where a fast-path access goes.
enum Location {
    /// A physical address (RAM or not: `Ram` checks).
    Physical(u64),
    /// An offset into the host's RAM buffer, from the TLB; the access stays
    /// within one RAM page.
    Ram(u64),
}

pub struct Hart {
    /// Integer registers; `x[0]` is forced back to zero after every write.
    pub x: [u64; 32],
    /// Floating-point registers; single-precision values are NaN-boxed.
    pub f: [u64; 32],
    pub pc: u64,
    /// Where execution continues if the current instruction retires.
    pub next_pc: u64,
    pub mode: Privilege,
    pub csr: CsrState,
    /// Instructions retired since reset (the basis of `minstret`).
    pub retired: u64,
    /// Cycles skipped by `wfi` while waiting for the timer.
    pub idle_cycles: u64,
    /// Address reserved by the last LR, until an SC, a store to it or a trap.
    pub reservation: Option<u64>,
    /// Cycle count at which pending interrupts must be looked at again.
    pub next_irq_check: u64,
    pub config: HartConfig,
    pub tlb: Tlb,
    pub pmp: Pmp,
    /// Instruction fetches need translation or PMP checks (see `context_changed`).
    pub translate_fetch: bool,
    /// Loads and stores need translation or PMP checks.
    pub translate_data: bool,
    /// Loads and stores use their address as is, at any alignment: no
    /// translation, no PMP, misaligned accesses done in hardware.
    pub direct_data: bool,
    /// Set when an FP instruction raises exception flags; the tracer reads
    /// and clears it (Spike logs a write to `fflags` for every raise).
    pub fp_flags_raised: bool,
    /// Whether the last SC stored (for the tracer, which cannot tell from rd = x0).
    pub last_sc_stored: bool,
    /// The last trap taken, and the retired count then (for stop reports:
    /// a trap whose handler cannot be fetched is the one to report).
    pub last_trap: Option<trap::Trap>,
    pub retired_at_last_trap: u64,
    /// Statistics, counted on slow paths only: translations the TLB did
    /// not hold, and traps taken by cause (exceptions, then interrupts).
    pub tlb_misses: u64,
    pub exceptions: [u64; 16],
    pub interrupts: [u64; 16],
}

impl Hart {
    pub fn new(config: HartConfig) -> Self {
        let mut h = Hart {
            x: [0; 32],
            f: [0; 32],
            pc: 0,
            next_pc: 0,
            mode: Privilege::Machine,
            csr: CsrState::default(),
            retired: 0,
            idle_cycles: 0,
            reservation: None,
            next_irq_check: 0,
            config,
            tlb: Tlb::default(),
            pmp: Pmp::default(),
            translate_fetch: false,
            translate_data: false,
            direct_data: config.misaligned == MisalignedAccess::Emulate,
            fp_flags_raised: false,
            last_sc_stored: false,
            last_trap: None,
            retired_at_last_trap: 0,
            tlb_misses: 0,
            exceptions: [0; 16],
            interrupts: [0; 16],
        };
        h.reset_mstatus();
        h
    }

    /// The last trap was taken and no instruction has retired since.
    pub fn trapped_without_retiring(&self) -> bool {
        self.last_trap.is_some() && self.retired_at_last_trap == self.retired
    }

    /// Virtual time: one cycle per retired instruction plus idle time.
    #[inline(always)]
    pub fn cycles(&self) -> u64 {
        self.retired + self.idle_cycles
    }

    #[inline(always)]
    pub fn set_x(&mut self, rd: u8, value: u64) {
        self.x[rd as usize] = value;
        self.x[0] = 0;
    }

    /// Jump target check. With the C extension instructions are 2-byte
    /// aligned, and jalr already clears bit 0, so no jump can be misaligned;
    /// without C (`--isa rv64g`) a target must be 4-byte aligned.
    #[inline(always)]
    pub fn jump(&mut self, target: u64) -> ExecResult {
        let misaligned = if self.config.isa.has(crate::isa::Ext::C) { 1 } else { 3 };
        if target & misaligned != 0 {
            return Err(Exception::InsnMisaligned(target).into());
        }
        self.next_pc = target;
        Ok(())
    }

    /// Load `size` bytes (1, 2, 4, 8) from virtual `addr`, zero-extended.
    #[inline(always)]
    pub fn load(&mut self, bus: &mut Bus, addr: u64, size: u64) -> Result<u64, Exception> {
        if addr & (size - 1) != 0 && self.config.misaligned == MisalignedAccess::Trap {
            return Err(Exception::LoadMisaligned(addr));
        }
        let paddr = if self.translate_data {
            self.data_address(bus, addr, size, Access::Load)?
        } else {
            Some(addr)
        };
        match paddr {
            Some(p) => {
                bus.read(p, size, self.cycles()).map_err(|_| Exception::LoadAccessFault(addr))
            }
            None => self.load_across_pages(bus, addr, size),
        }
    }

    /// Store the low `size` bytes of `value` at virtual `addr`.
    #[inline(always)]
    pub fn store(&mut self, bus: &mut Bus, addr: u64, size: u64, value: u64) -> ExecResult {
        if addr & (size - 1) != 0 && self.config.misaligned == MisalignedAccess::Trap {
            return Err(Exception::StoreMisaligned(addr).into());
        }
        let paddr = if self.translate_data {
            self.data_address(bus, addr, size, Access::Store)?
        } else {
            Some(addr)
        };
        match paddr {
            Some(p) => self.store_physical(bus, p, addr, size, value),
            None => self.store_across_pages(bus, addr, size, value),
        }
    }

    /// The engine's load fast path: `Some` for a RAM load that needs no
    /// translation, or whose page the TLB maps to host RAM; `None` when
    /// `load` must do the work. Nothing has happened when it returns `None`.
    /// `DIRECT` must equal `direct_data` (the engine specialises on it).
    #[inline(always)]
    pub fn load_fast<const DIRECT: bool>(&self, bus: &Bus, addr: u64, size: u64) -> Option<u64> {
        match self.fast_location::<DIRECT>(addr, size, Access::Load)? {
            Location::Physical(paddr) => bus.ram.read(paddr, size),
            // SAFETY: the TLB maps a page to a RAM offset only when the
            // whole page lies in this machine's RAM (`Tlb::insert` checks
            // against `bus.ram.size()`; a machine's RAM never changes size
            // and is never swapped), and `fast_location` lets through only
            // accesses that stay within one page.
            Location::Ram(offset) => Some(unsafe { bus.ram.read_at(offset, size) }),
        }
    }

    /// The engine's store fast path: `true` when the store was done in RAM
    /// with nothing else to look after; `false` (nothing written) when
    /// `store` must do the work.
    #[inline(always)]
    pub fn store_fast<const DIRECT: bool>(
        &mut self,
        bus: &mut Bus,
        addr: u64,
        size: u64,
        value: u64,
    ) -> bool {
        if self.reservation.is_some() {
            return false;
        }
        match self.fast_location::<DIRECT>(addr, size, Access::Store) {
            Some(Location::Physical(paddr)) => bus.store_if_plain(paddr, size, value),
            // SAFETY: as for `load_fast`.
            Some(Location::Ram(offset)) => unsafe { bus.store_at_if_plain(offset, size, value) },
            None => false,
        }
    }

    #[inline(always)]
    fn fast_location<const DIRECT: bool>(
        &self,
        addr: u64,
        size: u64,
        access: Access,
    ) -> Option<Location> {
        debug_assert_eq!(DIRECT, self.direct_data);
        if DIRECT {
            return Some(Location::Physical(addr));
        }
        if addr & (size - 1) != 0 && self.config.misaligned == MisalignedAccess::Trap {
            return None;
        }
        if !self.translate_data {
            return Some(Location::Physical(addr));
        }
        if addr % PAGE_SIZE + size > PAGE_SIZE {
            return None;
        }
        self.tlb.lookup_ram(access, addr).map(Location::Ram)
    }

    /// The physical address of a data access, or `None` when it crosses a
    /// page boundary (then each byte is translated on its own).
    #[inline(always)]
    fn data_address(
        &mut self,
        bus: &mut Bus,
        addr: u64,
        size: u64,
        access: Access,
    ) -> Result<Option<u64>, Exception> {
        if addr % PAGE_SIZE + size > PAGE_SIZE {
            return Ok(None);
        }
        self.translate(bus, addr, size, access).map(Some)
    }

    /// The physical address of an atomic access (always naturally aligned).
    pub fn atomic_address(
        &mut self,
        bus: &mut Bus,
        addr: u64,
        size: u64,
        access: Access,
    ) -> Result<u64, Exception> {
        if self.translate_data { self.translate(bus, addr, size, access) } else { Ok(addr) }
    }

    #[inline(always)]
    pub(crate) fn store_physical(
        &mut self,
        bus: &mut Bus,
        paddr: u64,
        vaddr: u64,
        size: u64,
        value: u64,
    ) -> ExecResult {
        self.break_reservation(paddr, size);
        match bus.write(paddr, size, value, self.cycles()) {
            Ok(Written::Ram) => Ok(()),
            Ok(Written::Code) => Err(Event::Resync),
            Ok(Written::Device) => {
                // A device write may raise or clear an interrupt line.
                self.next_irq_check = 0;
                Err(Event::Resync)
            }
            Ok(Written::Stop) => Err(Event::Stop),
            Err(_) => Err(Exception::StoreAccessFault(vaddr).into()),
        }
    }

    #[cold]
    fn load_across_pages(&mut self, bus: &mut Bus, addr: u64, size: u64) -> Result<u64, Exception> {
        let mut value = 0;
        for i in 0..size {
            let byte_addr = addr.wrapping_add(i);
            let p = self.translate(bus, byte_addr, 1, Access::Load)?;
            let byte =
                bus.read(p, 1, self.cycles()).map_err(|_| Exception::LoadAccessFault(byte_addr))?;
            value |= byte << (8 * i);
        }
        Ok(value)
    }

    /// Translate every byte first, so a fault on the second page stores nothing.
    #[cold]
    fn store_across_pages(
        &mut self,
        bus: &mut Bus,
        addr: u64,
        size: u64,
        value: u64,
    ) -> ExecResult {
        let mut physical = [0u64; 8];
        for i in 0..size {
            physical[i as usize] = self.translate(bus, addr.wrapping_add(i), 1, Access::Store)?;
        }
        // Then write every byte, and report the strongest event (a stop
        // outranks a resync): a byte landing in decoded code must not cut
        // the store short.
        let mut outcome = Ok(());
        for i in 0..size {
            let byte = value >> (8 * i);
            match self.store_physical(bus, physical[i as usize], addr.wrapping_add(i), 1, byte) {
                Ok(()) => {}
                Err(Event::Resync) if outcome.is_ok() => outcome = Err(Event::Resync),
                Err(Event::Resync) => {}
                Err(Event::Stop) => outcome = Err(Event::Stop),
                Err(fault) => return Err(fault),
            }
        }
        outcome
    }

    /// A store that overlaps the reserved doubleword makes a later SC fail.
    #[inline(always)]
    pub fn break_reservation(&mut self, addr: u64, size: u64) {
        if let Some(r) = self.reservation
            && addr < r + 8
            && r < addr + size
        {
            self.reservation = None;
        }
    }
}
