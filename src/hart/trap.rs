//! Exceptions and interrupts: cause codes, trap entry with delegation to
//! S-mode through `medeleg`/`mideleg`, `mret`/`sret`, the interrupt check
//! done between instructions, and `wfi`.

pub use super::mstatus::*;
use super::{Hart, Privilege};
use crate::bus::Bus;
use crate::devices::TimerDeadline;
use crate::isa::Ext;

/// A synchronous exception, carrying what goes into `xtval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// A jump to this misaligned target.
    InsnMisaligned(u64),
    /// Fetching at this address faulted (nothing there, or PMP).
    InsnAccessFault(u64),
    /// These instruction bits are not an instruction of this hart.
    IllegalInsn(u32),
    /// `ebreak` at this address.
    Breakpoint(u64),
    /// A misaligned load from this address (with `MisalignedAccess::Trap`).
    LoadMisaligned(u64),
    /// A load from this address faulted (nothing there, or PMP).
    LoadAccessFault(u64),
    /// A misaligned store to this address (with `MisalignedAccess::Trap`).
    StoreMisaligned(u64),
    /// A store or AMO to this address faulted (nothing there, or PMP).
    StoreAccessFault(u64),
    /// `ecall` from U-mode.
    EcallFromU,
    /// `ecall` from S-mode.
    EcallFromS,
    /// `ecall` from M-mode.
    EcallFromM,
    /// Translating this fetch address failed.
    InsnPageFault(u64),
    /// Translating this load address failed.
    LoadPageFault(u64),
    /// Translating this store or AMO address failed.
    StorePageFault(u64),
}

impl Exception {
    /// The exception code written to `mcause`/`scause`.
    pub fn cause(self) -> u64 {
        use Exception::*;
        match self {
            InsnMisaligned(_) => 0,
            InsnAccessFault(_) => 1,
            IllegalInsn(_) => 2,
            Breakpoint(_) => 3,
            LoadMisaligned(_) => 4,
            LoadAccessFault(_) => 5,
            StoreMisaligned(_) => 6,
            StoreAccessFault(_) => 7,
            EcallFromU => 8,
            EcallFromS => 9,
            EcallFromM => 11,
            InsnPageFault(_) => 12,
            LoadPageFault(_) => 13,
            StorePageFault(_) => 15,
        }
    }

    /// The trap value: the faulting address, or the instruction bits.
    pub fn tval(self) -> u64 {
        use Exception::*;
        match self {
            InsnMisaligned(a) | InsnAccessFault(a) | Breakpoint(a) | LoadMisaligned(a)
            | LoadAccessFault(a) | StoreMisaligned(a) | StoreAccessFault(a) | InsnPageFault(a)
            | LoadPageFault(a) | StorePageFault(a) => a,
            IllegalInsn(bits) => bits as u64,
            EcallFromU | EcallFromS | EcallFromM => 0,
        }
    }

    /// The privileged spec's name for the cause, for messages.
    pub fn describe(self) -> &'static str {
        describe_exception(self.cause())
    }
}

/// A trap as it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trap {
    /// The exception or interrupt code (without the interrupt bit).
    pub code: u64,
    /// An interrupt (else an exception).
    pub interrupt: bool,
    /// The pc of the trapping instruction, or of the one the interrupt came
    /// before (what `mepc`/`sepc` now hold).
    pub epc: u64,
    /// The trap value written to `mtval`/`stval` (0 for interrupts).
    pub tval: u64,
    /// The mode the hart was in.
    pub from: Privilege,
    /// The mode that handles it.
    pub to: Privilege,
}

impl Trap {
    /// The privileged spec's name for the cause ("load access fault",
    /// "machine timer interrupt", ...).
    pub fn describe(&self) -> &'static str {
        Trap::cause_name(self.code, self.interrupt)
    }

    /// The privileged spec's name for cause `code` of an exception or an
    /// interrupt.
    pub fn cause_name(code: u64, interrupt: bool) -> &'static str {
        if !interrupt {
            return describe_exception(code);
        }
        match code {
            1 => "supervisor software interrupt",
            3 => "machine software interrupt",
            5 => "supervisor timer interrupt",
            7 => "machine timer interrupt",
            9 => "supervisor external interrupt",
            11 => "machine external interrupt",
            _ => "interrupt",
        }
    }

    /// Is `tval` a memory address (rather than instruction bits or 0)?
    pub fn tval_is_address(&self) -> bool {
        !self.interrupt && matches!(self.code, 0 | 1 | 3 | 4..=7 | 12 | 13 | 15)
    }
}

/// The privileged spec's name for exception `code`.
fn describe_exception(code: u64) -> &'static str {
    match code {
        0 => "instruction address misaligned",
        1 => "instruction access fault",
        2 => "illegal instruction",
        3 => "breakpoint",
        4 => "load address misaligned",
        5 => "load access fault",
        6 => "store/AMO address misaligned",
        7 => "store/AMO access fault",
        8 => "environment call from U-mode",
        9 => "environment call from S-mode",
        11 => "environment call from M-mode",
        12 => "instruction page fault",
        13 => "load page fault",
        _ => "store/AMO page fault",
    }
}

/// Interrupt numbers (bit positions in `mip`/`mie`).
pub const IRQ_SSI: u64 = 1;
pub const IRQ_MSI: u64 = 3;
pub const IRQ_STI: u64 = 5;
pub const IRQ_MTI: u64 = 7;
pub const IRQ_SEI: u64 = 9;
pub const IRQ_MEI: u64 = 11;
/// The spec's priority order.
const PRIORITY: [u64; 6] = [IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI];

const INTERRUPT_BIT: u64 = 1 << 63;

impl Hart {
    /// Enter the trap handler for a synchronous exception at the current pc.
    pub fn raise(&mut self, e: Exception) {
        self.enter_trap(e.cause(), e.tval(), false);
    }

    fn enter_trap(&mut self, code: u64, tval: u64, interrupt: bool) {
        let delegated = if interrupt { self.csr.mideleg } else { self.csr.medeleg };
        let cause = code | if interrupt { INTERRUPT_BIT } else { 0 };
        self.reservation = None;
        let to_supervisor = self.mode <= Privilege::Supervisor && delegated >> code & 1 != 0;
        let to = if to_supervisor { Privilege::Supervisor } else { Privilege::Machine };
        self.last_trap = Some(Trap { code, interrupt, epc: self.pc, tval, from: self.mode, to });
        let counts = if interrupt { &mut self.interrupts } else { &mut self.exceptions };
        counts[code as usize & 15] += 1;
        self.retired_at_last_trap = self.retired;
        let csr = &mut self.csr;
        let tvec = if to_supervisor {
            csr.sepc = self.pc;
            csr.scause = cause;
            csr.stval = tval;
            let sie = csr.mstatus & MSTATUS_SIE != 0;
            csr.mstatus &= !(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP);
            csr.mstatus |= if sie { MSTATUS_SPIE } else { 0 };
            csr.mstatus |= if self.mode == Privilege::Supervisor { MSTATUS_SPP } else { 0 };
            self.mode = Privilege::Supervisor;
            csr.stvec
        } else {
            csr.mepc = self.pc;
            csr.mcause = cause;
            csr.mtval = tval;
            let mie = csr.mstatus & MSTATUS_MIE != 0;
            csr.mstatus &= !(MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP);
            csr.mstatus |= if mie { MSTATUS_MPIE } else { 0 } | (self.mode as u64) << 11;
            self.mode = Privilege::Machine;
            csr.mtvec
        };
        let base = tvec & !3;
        self.pc = if tvec & 1 == 1 && interrupt { base.wrapping_add(4 * code) } else { base };
        self.next_irq_check = 0;
        self.context_changed();
    }

    /// `mret`: return to the mode and pc saved at the last trap into M-mode.
    pub fn mret(&mut self) {
        let csr = &mut self.csr;
        let target = Privilege::from_bits(csr.mstatus >> 11);
        let mpie = csr.mstatus & MSTATUS_MPIE != 0;
        csr.mstatus &= !(MSTATUS_MIE | MSTATUS_MPP);
        csr.mstatus |= if mpie { MSTATUS_MIE } else { 0 } | MSTATUS_MPIE;
        // MPP becomes the least-privileged mode, U; leaving M clears MPRV.
        if target != Privilege::Machine {
            csr.mstatus &= !MSTATUS_MPRV;
        }
        self.mode = target;
        self.next_pc = csr.mepc;
        self.next_irq_check = 0;
        self.context_changed();
    }

    /// `sret`: return to the mode and pc saved at the last trap into S-mode.
    pub fn sret(&mut self) {
        let csr = &mut self.csr;
        let target =
            if csr.mstatus & MSTATUS_SPP != 0 { Privilege::Supervisor } else { Privilege::User };
        let spie = csr.mstatus & MSTATUS_SPIE != 0;
        csr.mstatus &= !(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
        csr.mstatus |= if spie { MSTATUS_SIE } else { 0 } | MSTATUS_SPIE;
        self.mode = target;
        self.next_pc = csr.sepc;
        self.next_irq_check = 0;
        self.context_changed();
    }

    /// The `mip` register: software-writable bits plus the lines devices drive.
    pub fn mip(&self, bus: &Bus) -> u64 {
        let lines = bus.interrupt_lines(self.cycles());
        let wired = (lines.msip as u64) << IRQ_MSI
            | (lines.mtip as u64) << IRQ_MTI
            | (lines.meip as u64) << IRQ_MEI
            | (lines.seip as u64) << IRQ_SEI;
        if !self.sstc_enabled() {
            return self.csr.mip_sw | wired;
        }
        // With Sstc on, STIP is stimecmp's comparison, not software's.
        let stip = (bus.mtime(self.cycles()) >= self.csr.stimecmp) as u64;
        (self.csr.mip_sw & !(1 << IRQ_STI)) | stip << IRQ_STI | wired
    }

    /// Does `stimecmp` drive STIP (Sstc present and `menvcfg.STCE` set)?
    fn sstc_enabled(&self) -> bool {
        self.config.isa.has(Ext::Sstc) && self.csr.menvcfg & MENVCFG_STCE != 0
    }

    /// The timer comparators that can raise an interrupt: `mtimecmp` (when
    /// `want_m`) and Sstc's `stimecmp` (when `want_s` and Sstc is on).
    fn timer_compares(&self, bus: &Bus, want_m: bool, want_s: bool) -> impl Iterator<Item = u64> {
        let s = want_s && self.sstc_enabled();
        [(want_m, bus.clint.mtimecmp), (s, self.csr.stimecmp)]
            .into_iter()
            .filter_map(|(wanted, compare)| wanted.then_some(compare))
    }

    /// The first cycle one of those comparators fires, if one is yet to.
    fn timer_deadline(&self, bus: &Bus, want_m: bool, want_s: bool) -> Option<u64> {
        let now = self.cycles();
        self.timer_compares(bus, want_m, want_s)
            .filter_map(|compare| match bus.clint.deadline_for(compare, now) {
                TimerDeadline::At(cycle) => Some(cycle),
                TimerDeadline::Pending | TimerDeadline::Never => None,
            })
            .min()
    }

    /// The interrupt to take now, if any: pending, enabled in `mie`, and not
    /// masked for the current mode, highest priority first.
    fn interrupt_to_take(&self, bus: &Bus) -> Option<u64> {
        let pending = self.mip(bus) & self.csr.mie;
        if pending == 0 {
            return None;
        }
        let status = self.csr.mstatus;
        let m_enabled = self.mode < Privilege::Machine || status & MSTATUS_MIE != 0;
        let s_enabled = self.mode < Privilege::Supervisor
            || (self.mode == Privilege::Supervisor && status & MSTATUS_SIE != 0);
        let m_level = if m_enabled { pending & !self.csr.mideleg } else { 0 };
        let s_level = if s_enabled { pending & self.csr.mideleg } else { 0 };
        let candidates = m_level | s_level;
        // M-level interrupts outrank S-level ones; within a level, the spec's order.
        PRIORITY
            .into_iter()
            .find(|i| m_level >> i & 1 != 0)
            .or_else(|| PRIORITY.into_iter().find(|i| candidates >> i & 1 != 0))
    }

    /// Take an interrupt if one is due, and work out when to look again.
    pub fn check_interrupts(&mut self, bus: &mut Bus) -> Option<u64> {
        if bus.waiting_for_input() {
            bus.update_irq_lines();
        }
        if let Some(irq) = self.interrupt_to_take(bus) {
            self.enter_trap(irq, 0, true);
            return Some(irq);
        }
        // Nothing to take: the state changes only when the timer fires, when
        // input arrives, or when the guest writes a CSR or a device (which
        // reset this to 0).
        let now = self.cycles();
        let timer = self.timer_deadline(bus, true, true).unwrap_or(u64::MAX);
        let input = if bus.waiting_for_input() { now + INPUT_POLL_CYCLES } else { u64::MAX };
        self.next_irq_check = timer.min(input);
        None
    }

    /// `wfi`: if no enabled interrupt is pending, skip virtual time to the
    /// timer deadline (with the host clock: sleep until it), or sleep until
    /// console input arrives. `Err` when nothing could ever wake the hart.
    pub fn wait_for_interrupt(&mut self, bus: &mut Bus) -> Result<(), &'static str> {
        loop {
            // A host that wants to stop (Ctrl-A x) must not wait for the guest:
            // the wfi retires and the engine sees the request.
            if self.mip(bus) & self.csr.mie != 0 || bus.console.stop_requested() {
                return Ok(());
            }
            // A deadline beyond virtual time (mtimecmp all ones, say) is none.
            let mtie = self.csr.mie >> IRQ_MTI & 1 != 0;
            let stie = self.csr.mie >> IRQ_STI & 1 != 0;
            let deadline = self.timer_deadline(bus, mtie, stie);
            let input_can_wake =
                bus.waiting_for_input() && self.csr.mie & (1 << IRQ_MEI | 1 << IRQ_SEI) != 0;
            let host_wait = self
                .timer_compares(bus, mtie, stie)
                .min()
                .and_then(|compare| bus.clint.host_time_to(compare))
                .filter(|_| deadline.is_some());
            match deadline {
                // Host clock: sleep until the deadline, or until a key arrives.
                Some(_) if host_wait.is_some() => {
                    let wait = host_wait.unwrap_or_default();
                    if input_can_wake {
                        bus.console.wait_for_input_until(wait);
                        bus.update_irq_lines();
                    } else {
                        std::thread::sleep(wait);
                    }
                }
                Some(d) => {
                    self.idle_cycles += d - self.cycles();
                    self.next_irq_check = 0;
                    return Ok(());
                }
                None if input_can_wake => {
                    if !bus.console.wait_for_input() && !bus.console.stop_requested() {
                        return Err("wfi: waiting for console input, but input has ended");
                    }
                    bus.update_irq_lines();
                }
                // The host clock moved past the deadline between two reads: look again.
                None if self.csr.mie >> IRQ_MTI & 1 != 0
                    && bus.interrupt_lines(self.cycles()).mtip => {}
                None => return Err("wfi: no enabled interrupt can ever wake the hart"),
            }
        }
    }
}

/// How often pending console input is looked for while a UART interrupt is
/// enabled (in cycles of virtual time).
const INPUT_POLL_CYCLES: u64 = 10_000;
