//! Exceptions and interrupts: their cause codes, trap entry (always to M-mode:
//! this hart implements only M-mode, so nothing is delegated), `mret`, and the
//! per-instruction-boundary interrupt check.

use super::{Hart, Privilege};
use crate::bus::Bus;

/// A synchronous exception, carrying what goes into `mtval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    InsnMisaligned(u64),
    InsnAccessFault(u64),
    IllegalInsn(u32),
    Breakpoint(u64),
    LoadMisaligned(u64),
    LoadAccessFault(u64),
    StoreMisaligned(u64),
    StoreAccessFault(u64),
    EcallFromU,
    EcallFromS,
    EcallFromM,
}

impl Exception {
    /// The `mcause` exception code.
    pub fn cause(self) -> u64 {
        match self {
            Exception::InsnMisaligned(_) => 0,
            Exception::InsnAccessFault(_) => 1,
            Exception::IllegalInsn(_) => 2,
            Exception::Breakpoint(_) => 3,
            Exception::LoadMisaligned(_) => 4,
            Exception::LoadAccessFault(_) => 5,
            Exception::StoreMisaligned(_) => 6,
            Exception::StoreAccessFault(_) => 7,
            Exception::EcallFromU => 8,
            Exception::EcallFromS => 9,
            Exception::EcallFromM => 11,
        }
    }

    /// The `mtval` value: the faulting address, or the instruction bits.
    pub fn tval(self) -> u64 {
        match self {
            Exception::InsnMisaligned(a)
            | Exception::InsnAccessFault(a)
            | Exception::Breakpoint(a)
            | Exception::LoadMisaligned(a)
            | Exception::LoadAccessFault(a)
            | Exception::StoreMisaligned(a)
            | Exception::StoreAccessFault(a) => a,
            Exception::IllegalInsn(bits) => bits as u64,
            Exception::EcallFromU | Exception::EcallFromS | Exception::EcallFromM => 0,
        }
    }

    /// A short name for messages, as the privileged spec's cause table names it.
    pub fn describe(self) -> &'static str {
        match self.cause() {
            0 => "instruction address misaligned",
            1 => "instruction access fault",
            2 => "illegal instruction",
            3 => "breakpoint",
            4 => "load address misaligned",
            5 => "load access fault",
            6 => "store/AMO address misaligned",
            7 => "store/AMO access fault",
            _ => "environment call",
        }
    }
}

/// Interrupt cause codes (bit numbers in `mip`/`mie`).
pub const IRQ_MSI: u64 = 3;
pub const IRQ_MTI: u64 = 7;
pub const IRQ_MEI: u64 = 11;
/// Machine-level interrupts in the spec's priority order: external, software, timer.
const M_PRIORITY: [u64; 3] = [IRQ_MEI, IRQ_MSI, IRQ_MTI];

pub const MSTATUS_MIE: u64 = 1 << 3;
pub const MSTATUS_MPIE: u64 = 1 << 7;
pub const MSTATUS_MPP: u64 = 3 << 11;
const INTERRUPT_BIT: u64 = 1 << 63;

impl Hart {
    /// Enter the trap handler for a synchronous exception at the current pc.
    pub fn raise(&mut self, e: Exception) {
        self.enter_trap(e.cause(), e.tval());
    }

    fn enter_trap(&mut self, cause: u64, tval: u64) {
        let csr = &mut self.csr;
        self.reservation = None;
        csr.mepc = self.pc;
        csr.mcause = cause;
        csr.mtval = tval;
        let mie = csr.mstatus & MSTATUS_MIE != 0;
        csr.mstatus &= !(MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP);
        csr.mstatus |= if mie { MSTATUS_MPIE } else { 0 } | (self.mode as u64) << 11;
        self.mode = Privilege::Machine;
        let base = csr.mtvec & !3;
        let vectored = csr.mtvec & 1 == 1 && cause & INTERRUPT_BIT != 0;
        self.pc = if vectored { base.wrapping_add(4 * (cause & !INTERRUPT_BIT)) } else { base };
        // Interrupts are now masked; the next check happens after mret or a CSR write.
        self.next_irq_check = 0;
    }

    /// `mret`: return to the mode and pc saved at trap entry.
    pub fn mret(&mut self) {
        let csr = &mut self.csr;
        let mpie = csr.mstatus & MSTATUS_MPIE != 0;
        let mpp = csr.mstatus >> 11 & 3;
        csr.mstatus &= !(MSTATUS_MIE | MSTATUS_MPP);
        csr.mstatus |= if mpie { MSTATUS_MIE } else { 0 } | MSTATUS_MPIE;
        // MPP is set to the least-privileged supported mode: M on this hart.
        csr.mstatus |= (Privilege::Machine as u64) << 11;
        self.mode = Privilege::from_bits(mpp);
        self.next_pc = csr.mepc;
        self.next_irq_check = 0;
    }

    /// The `mip` register: interrupt lines as the devices drive them now.
    pub fn mip(&self, bus: &Bus) -> u64 {
        let now = self.cycles();
        (bus.clint.msip as u64) << IRQ_MSI | (bus.clint.timer_pending(now) as u64) << IRQ_MTI
    }

    /// Take the highest-priority interrupt that is pending, enabled and not
    /// masked, and work out when the next check is due. Returns true if taken.
    pub fn check_interrupts(&mut self, bus: &Bus) -> bool {
        let now = self.cycles();
        let pending = self.mip(bus) & self.csr.mie;
        let globally_enabled =
            self.mode != Privilege::Machine || self.csr.mstatus & MSTATUS_MIE != 0;
        if pending != 0 && globally_enabled {
            let irq = M_PRIORITY.into_iter().find(|i| pending >> i & 1 != 0).unwrap_or(IRQ_MTI);
            self.enter_trap(INTERRUPT_BIT | irq, 0);
            return true;
        }
        // Nothing to take: the state can change only when the timer fires or the
        // guest writes a CSR or a device (both of which reset this to 0).
        self.next_irq_check = bus.clint.timer_deadline(now).unwrap_or(u64::MAX);
        false
    }

    /// `wfi`: if no enabled interrupt is pending, skip virtual time to the timer
    /// deadline. `Err` when nothing could ever wake the hart.
    pub fn wait_for_interrupt(&mut self, bus: &Bus) -> Result<(), &'static str> {
        if self.mip(bus) & self.csr.mie != 0 {
            return Ok(());
        }
        let timer_enabled = self.csr.mie >> IRQ_MTI & 1 != 0;
        match bus.clint.timer_deadline(self.cycles()) {
            Some(deadline) if timer_enabled => {
                self.idle_cycles += deadline - self.cycles();
                self.next_irq_check = 0;
                Ok(())
            }
            _ if self.csr.mie >> IRQ_MSI & 1 != 0 => {
                Err("wfi: waiting for a software interrupt that nothing can send")
            }
            _ => Err("wfi: no enabled interrupt can ever wake the hart"),
        }
    }
}
