//! Control and status registers as a table of `{numbers, gate, read, write}`
//! rows, looked up through a 4096-entry index. Rules shared by every CSR
//! (minimum privilege in bits 9:8, read-only when bits 11:10 are 0b11) are
//! checked once in `Hart::csr_access`; a row's `gate` adds its own condition
//! (FP enabled, counter enabled, `satp` not trapped by TVM).

use super::fpu::MSTATUS_FS;
use super::mmu::{SATP_MODE_BARE, SATP_MODE_SV57};
use super::pmp::{self, Pmp};
use super::trap::*;
use super::{Hart, Privilege};
use crate::bus::Bus;
use crate::isa::Ext;
use crate::isa::csr_names::*;
use std::sync::OnceLock;

/// The architectural CSR storage that is not derived from elsewhere.
#[derive(Debug, Clone, Default)]
pub struct CsrState {
    pub mstatus: u64,
    pub mtvec: u64,
    pub mepc: u64,
    pub mcause: u64,
    pub mtval: u64,
    pub mscratch: u64,
    pub mie: u64,
    /// The bits of `mip` software may write (SSIP, STIP, SEIP); the others
    /// come from devices.
    pub mip_sw: u64,
    /// Sstc's supervisor timer compare.
    pub stimecmp: u64,
    pub medeleg: u64,
    pub mideleg: u64,
    pub mcounteren: u64,
    pub menvcfg: u64,
    pub stvec: u64,
    pub sepc: u64,
    pub scause: u64,
    pub stval: u64,
    pub sscratch: u64,
    pub scounteren: u64,
    pub senvcfg: u64,
    pub satp: u64,
    /// Accrued floating-point exception flags (NV DZ OF UF NX).
    pub fflags: u8,
    /// Dynamic rounding mode.
    pub frm: u8,
    pub pmpcfg: [u8; pmp::ENTRIES],
    pub pmpaddr: [u64; pmp::ENTRIES],
    /// `mcycle` = cycles + this; changes when the guest writes `mcycle`.
    pub cycle_offset: u64,
    /// `minstret` = retired + this; changes when the guest writes `minstret`.
    pub instret_offset: u64,
}

/// `menvcfg`/`senvcfg` fields: FIOM, and the cache-block operation enables
/// (Zicbom: CBIE, a 2-bit field, and CBCFE; Zicboz: CBZE).
pub const ENVCFG_FIOM: u64 = 1;
pub const ENVCFG_CBIE: u64 = 3 << 4;
pub const ENVCFG_CBCFE: u64 = 1 << 6;
pub const ENVCFG_CBZE: u64 = 1 << 7;

/// The `envcfg` bits this hart implements (the others are read-only zero).
fn envcfg_writable(h: &Hart) -> u64 {
    let isa = &h.config.isa;
    let mut bits = ENVCFG_FIOM;
    if isa.has(Ext::Zicbom) {
        bits |= ENVCFG_CBIE | ENVCFG_CBCFE;
    }
    if isa.has(Ext::Zicboz) {
        bits |= ENVCFG_CBZE;
    }
    bits
}

/// Write an `envcfg` register. CBIE's reserved value 10 is not kept: the
/// field falls back to 00 (invalidation illegal), a legal WARL choice.
fn write_envcfg(h: &Hart, v: u64) -> u64 {
    let mut v = v & envcfg_writable(h);
    if v & ENVCFG_CBIE == 2 << 4 {
        v &= !ENVCFG_CBIE;
    }
    v
}

/// `menvcfg` has the fields of `senvcfg`, PBMTE with Svpbmt and STCE with Sstc.
fn write_menvcfg(h: &Hart, v: u64) -> u64 {
    let pbmte = if h.config.isa.has(Ext::Svpbmt) { v & MENVCFG_PBMTE } else { 0 };
    let stce = if h.config.isa.has(Ext::Sstc) { v & MENVCFG_STCE } else { 0 };
    write_envcfg(h, v) | pbmte | stce
}

/// The bits an `xepc` register keeps: instructions are 2-byte aligned with
/// C and 4-byte aligned without it (misa is read-only, so IALIGN is fixed).
fn epc_mask(h: &Hart) -> u64 {
    if h.config.isa.has(Ext::C) { !1 } else { !3 }
}

/// UXL and SXL are fixed at 64 bits.
const MSTATUS_XLEN_FIELDS: u64 = 2 << 32 | 2 << 34;
const MSTATUS_WRITABLE: u64 = MSTATUS_SIE
    | MSTATUS_MIE
    | MSTATUS_SPIE
    | MSTATUS_MPIE
    | MSTATUS_SPP
    | MSTATUS_MPP
    | MSTATUS_FS
    | MSTATUS_MPRV
    | MSTATUS_SUM
    | MSTATUS_MXR
    | MSTATUS_TVM
    | MSTATUS_TW
    | MSTATUS_TSR;
/// The part of `mstatus` that `sstatus` shows.
const SSTATUS_VIEW: u64 = MSTATUS_SIE
    | MSTATUS_SPIE
    | MSTATUS_SPP
    | MSTATUS_FS
    | MSTATUS_SUM
    | MSTATUS_MXR
    | 2 << 32
    | MSTATUS_SD;
const S_INTERRUPTS: u64 = 1 << IRQ_SSI | 1 << IRQ_STI | 1 << IRQ_SEI;
const M_INTERRUPTS: u64 = 1 << IRQ_MSI | 1 << IRQ_MTI | 1 << IRQ_MEI;
/// Exceptions S-mode may handle: all but ecall from M and the reserved codes,
/// and not instruction-address-misaligned, which cannot happen with C (its
/// bit is read-only zero, as on Spike).
const DELEGABLE_EXCEPTIONS: u64 = 0xb3fe;
const PMPADDR_MASK: u64 = (1 << 54) - 1;

type ReadFn = fn(&Hart, &Bus, u16) -> u64;
type WriteFn = fn(&mut Hart, u16, u64);

/// A condition beyond privilege that a CSR access must meet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Always,
    /// Floating-point CSRs: illegal while `mstatus.FS` is Off.
    FpEnabled,
    /// User-level counters: enabled for S by `mcounteren`, for U also by `scounteren`.
    Counter,
    /// `satp`: illegal in S-mode when `mstatus.TVM` is set.
    Satp,
    /// `stimecmp`: exists with Sstc; S-mode needs `mcounteren.TM` and `menvcfg.STCE`.
    Stimecmp,
}

struct CsrDef {
    first: u16,
    last: u16,
    gate: Gate,
    read: ReadFn,
    /// `None`: writes are ignored (a WARL register with no writable bits).
    write: Option<WriteFn>,
}

const fn one(num: u16, read: ReadFn, write: Option<WriteFn>) -> CsrDef {
    CsrDef { first: num, last: num, gate: Gate::Always, read, write }
}

const fn range(first: u16, last: u16, read: ReadFn, write: Option<WriteFn>) -> CsrDef {
    CsrDef { first, last, gate: Gate::Always, read, write }
}

const fn gated(gate: Gate, first: u16, last: u16, read: ReadFn, write: Option<WriteFn>) -> CsrDef {
    CsrDef { first, last, gate, read, write }
}

fn zero(_: &Hart, _: &Bus, _: u16) -> u64 {
    0
}

/// Writes to the FP CSRs change FP state: FS becomes Dirty.
fn write_fcsr(h: &mut Hart, v: u64) {
    h.csr.fflags = (v & 0x1f) as u8;
    h.csr.frm = (v >> 5 & 7) as u8;
    h.mark_fp_dirty();
}

fn read_mstatus(h: &Hart, _: &Bus, _: u16) -> u64 {
    let dirty = h.csr.mstatus & MSTATUS_FS == MSTATUS_FS;
    h.csr.mstatus | MSTATUS_XLEN_FIELDS | if dirty { MSTATUS_SD } else { 0 }
}

fn write_mstatus(h: &mut Hart, mask: u64, v: u64) {
    // Without F, FS is read-only zero, so every FP CSR access is illegal.
    let writable =
        if h.config.isa.has(Ext::F) { MSTATUS_WRITABLE } else { MSTATUS_WRITABLE & !MSTATUS_FS };
    let mut new = (h.csr.mstatus & !mask) | (v & mask & writable);
    // MPP is WARL over the implemented modes: the reserved value 2 is ignored.
    if new & MSTATUS_MPP == 2 << 11 {
        new = (new & !MSTATUS_MPP) | (h.csr.mstatus & MSTATUS_MPP);
    }
    h.csr.mstatus = new;
    h.context_changed();
}

fn write_satp(h: &mut Hart, v: u64) {
    // Writes selecting an unsupported mode are ignored entirely; kernels probe this way.
    let mode = v >> 60;
    if mode != SATP_MODE_BARE && !(8..=SATP_MODE_SV57).contains(&mode) {
        return;
    }
    // MODE (4 bits), ASID (16 bits, all implemented), PPN (44 bits).
    h.csr.satp = v;
    h.context_changed();
}

fn write_mip(h: &mut Hart, v: u64) {
    h.csr.mip_sw = v & S_INTERRUPTS;
}

static CSRS: &[CsrDef] = &[
    gated(
        Gate::FpEnabled,
        FFLAGS,
        FFLAGS,
        |h, _, _| h.csr.fflags as u64,
        Some(|h, _, v| write_fcsr(h, (h.csr.frm as u64) << 5 | (v & 0x1f))),
    ),
    gated(
        Gate::FpEnabled,
        FRM,
        FRM,
        |h, _, _| h.csr.frm as u64,
        Some(|h, _, v| write_fcsr(h, (v & 7) << 5 | h.csr.fflags as u64)),
    ),
    gated(
        Gate::FpEnabled,
        FCSR,
        FCSR,
        |h, _, _| (h.csr.frm as u64) << 5 | h.csr.fflags as u64,
        Some(|h, _, v| write_fcsr(h, v)),
    ),
    // Supervisor CSRs.
    one(
        SSTATUS,
        |h, b, n| read_mstatus(h, b, n) & SSTATUS_VIEW,
        Some(|h, _, v| write_mstatus(h, SSTATUS_VIEW, v)),
    ),
    one(
        SIE,
        |h, _, _| h.csr.mie & h.csr.mideleg,
        Some(|h, _, v| {
            let m = h.csr.mideleg & S_INTERRUPTS;
            h.csr.mie = (h.csr.mie & !m) | (v & m)
        }),
    ),
    one(STVEC, |h, _, _| h.csr.stvec, Some(|h, _, v| h.csr.stvec = v & !2)),
    one(SCOUNTEREN, |h, _, _| h.csr.scounteren, Some(|h, _, v| h.csr.scounteren = v & 0xffff_ffff)),
    one(SENVCFG, |h, _, _| h.csr.senvcfg, Some(|h, _, v| h.csr.senvcfg = write_envcfg(h, v))),
    one(SSCRATCH, |h, _, _| h.csr.sscratch, Some(|h, _, v| h.csr.sscratch = v)),
    one(SEPC, |h, _, _| h.csr.sepc, Some(|h, _, v| h.csr.sepc = v & epc_mask(h))),
    one(SCAUSE, |h, _, _| h.csr.scause, Some(|h, _, v| h.csr.scause = v)),
    one(STVAL, |h, _, _| h.csr.stval, Some(|h, _, v| h.csr.stval = v)),
    // Only SSIP is writable through sip, and only when delegated.
    one(
        SIP,
        |h, b, _| h.mip(b) & h.csr.mideleg,
        Some(|h, _, v| {
            let m = h.csr.mideleg & 1 << IRQ_SSI;
            h.csr.mip_sw = (h.csr.mip_sw & !m) | (v & m)
        }),
    ),
    gated(Gate::Satp, SATP, SATP, |h, _, _| h.csr.satp, Some(|h, _, v| write_satp(h, v))),
    gated(
        Gate::Stimecmp,
        STIMECMP,
        STIMECMP,
        |h, _, _| h.csr.stimecmp,
        Some(|h, _, v| h.csr.stimecmp = v),
    ),
    // Machine CSRs.
    one(MSTATUS, read_mstatus, Some(|h, _, v| write_mstatus(h, u64::MAX, v))),
    // misa is read-only: software cannot switch extensions off (a legal WARL
    // choice; QEMU does the same by default).
    one(MISA, |h, _, _| h.config.isa.misa(), None),
    one(MEDELEG, |h, _, _| h.csr.medeleg, Some(|h, _, v| h.csr.medeleg = v & DELEGABLE_EXCEPTIONS)),
    one(MIDELEG, |h, _, _| h.csr.mideleg, Some(|h, _, v| h.csr.mideleg = v & S_INTERRUPTS)),
    one(MIE, |h, _, _| h.csr.mie, Some(|h, _, v| h.csr.mie = v & (S_INTERRUPTS | M_INTERRUPTS))),
    // The WARL mode field keeps direct (0) or vectored (1); reserved modes become direct.
    one(MTVEC, |h, _, _| h.csr.mtvec, Some(|h, _, v| h.csr.mtvec = v & !2)),
    one(MCOUNTEREN, |h, _, _| h.csr.mcounteren, Some(|h, _, v| h.csr.mcounteren = v & 0xffff_ffff)),
    one(MENVCFG, |h, _, _| h.csr.menvcfg, Some(|h, _, v| h.csr.menvcfg = write_menvcfg(h, v))),
    one(MSCRATCH, |h, _, _| h.csr.mscratch, Some(|h, _, v| h.csr.mscratch = v)),
    one(MEPC, |h, _, _| h.csr.mepc, Some(|h, _, v| h.csr.mepc = v & epc_mask(h))),
    one(MCAUSE, |h, _, _| h.csr.mcause, Some(|h, _, v| h.csr.mcause = v)),
    one(MTVAL, |h, _, _| h.csr.mtval, Some(|h, _, v| h.csr.mtval = v)),
    one(MIP, |h, b, _| h.mip(b), Some(|h, _, v| write_mip(h, v))),
    range(PMPCFG0, PMPCFG0 + 15, read_pmpcfg, Some(write_pmpcfg)),
    range(PMPADDR0, PMPADDR0 + 63, read_pmpaddr, Some(write_pmpaddr)),
    one(
        MCYCLE,
        |h, _, _| h.mcycle(),
        Some(|h, _, v| h.csr.cycle_offset = v.wrapping_sub(h.cycles() + 1)),
    ),
    one(
        MINSTRET,
        |h, _, _| h.minstret(),
        Some(|h, _, v| h.csr.instret_offset = v.wrapping_sub(h.retired + 1)),
    ),
    // Hardware performance monitors: present, counting nothing.
    range(0xb03, 0xb1f, zero, None),
    one(MCOUNTINHIBIT, zero, None),
    range(0x323, 0x33f, zero, None),
    gated(Gate::Counter, CYCLE, CYCLE, |h, _, _| h.mcycle(), None),
    gated(Gate::Counter, TIME, TIME, |h, b, _| b.mtime(h.cycles()), None),
    gated(Gate::Counter, INSTRET, INSTRET, |h, _, _| h.minstret(), None),
    gated(Gate::Counter, 0xc03, 0xc1f, zero, None),
    one(MVENDORID, zero, None),
    one(MARCHID, zero, None),
    one(MIMPID, zero, None),
    one(MHARTID, zero, None),
    // mconfigptr: no configuration structure.
    one(MCONFIGPTR, zero, None),
    // Debug triggers (Sdtrig) with no triggers implemented: tselect is
    // hardwired to 0, tdata1 reads as type 0 ("no trigger here"), and tinfo
    // says only type 0 exists.
    range(TSELECT, TSELECT + 3, zero, None),
    one(TSELECT + 4, |_, _, _| 1, None),
];

/// pmpcfg0, 2, ..., 14 each hold eight entries; odd numbers do not exist on RV64.
fn read_pmpcfg(h: &Hart, _: &Bus, num: u16) -> u64 {
    let first = (num - PMPCFG0) as usize * 4;
    (0..8).map(|i| (*h.csr.pmpcfg.get(first + i).unwrap_or(&0) as u64) << (8 * i)).sum()
}

fn read_pmpaddr(h: &Hart, _: &Bus, num: u16) -> u64 {
    *h.csr.pmpaddr.get((num - PMPADDR0) as usize).unwrap_or(&0)
}

fn pmp_locked(h: &Hart, entry: usize) -> bool {
    h.csr.pmpcfg[entry] & pmp::CFG_LOCK != 0
}

/// A locked entry, or the address below a locked TOR entry, cannot change.
fn write_pmpaddr(h: &mut Hart, num: u16, v: u64) {
    let entry = (num - PMPADDR0) as usize;
    if entry >= pmp::ENTRIES || pmp_locked(h, entry) {
        return;
    }
    let next_is_locked_tor = entry + 1 < pmp::ENTRIES
        && pmp_locked(h, entry + 1)
        && h.csr.pmpcfg[entry + 1] >> 3 & 3 == 1;
    if !next_is_locked_tor {
        h.csr.pmpaddr[entry] = v & PMPADDR_MASK;
        h.pmp_changed();
    }
}

/// Each byte is one entry's config: locked bytes keep their value, the reserved
/// bits 6:5 read as zero and the reserved R=0/W=1 combination drops W.
fn write_pmpcfg(h: &mut Hart, num: u16, v: u64) {
    let first = (num - PMPCFG0) as usize * 4;
    for i in 0..8 {
        let entry = first + i;
        if entry >= pmp::ENTRIES || pmp_locked(h, entry) {
            continue;
        }
        let mut byte = (v >> (8 * i) & 0x9f) as u8;
        if byte & 0b11 == 0b10 {
            byte &= !0b10;
        }
        h.csr.pmpcfg[entry] = byte;
    }
    h.pmp_changed();
}

/// Index from CSR number to its row in `CSRS`.
fn index() -> &'static [u8; 4096] {
    static INDEX: OnceLock<[u8; 4096]> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut idx = [u8::MAX; 4096];
        for (row, def) in CSRS.iter().enumerate() {
            for num in def.first..=def.last {
                idx[num as usize] = row as u8;
            }
        }
        idx
    })
}

impl Hart {
    pub fn mcycle(&self) -> u64 {
        self.cycles().wrapping_add(self.csr.cycle_offset)
    }

    pub fn minstret(&self) -> u64 {
        self.retired.wrapping_add(self.csr.instret_offset)
    }

    /// Read and/or write CSR `num` as a Zicsr instruction does: returns the old
    /// value, writes `new` when given. Illegal-instruction for unknown CSRs,
    /// insufficient privilege, or a write to a read-only CSR.
    pub fn csr_access(
        &mut self,
        bus: &Bus,
        num: u16,
        new: Option<&dyn Fn(u64) -> u64>,
        raw: u32,
    ) -> Result<u64, Exception> {
        let illegal = Exception::IllegalInsn(raw);
        let row = index()[num as usize & 0xfff];
        let def = CSRS.get(row as usize).ok_or(illegal)?;
        let min_priv = (num >> 8 & 3) as u64;
        if (self.mode as u64) < min_priv {
            return Err(illegal);
        }
        let gate_open = match def.gate {
            Gate::Always => true,
            Gate::FpEnabled => self.csr.mstatus & MSTATUS_FS != 0,
            Gate::Counter => {
                let bit = 1 << (num & 31);
                let m_allows = self.mode == Privilege::Machine || self.csr.mcounteren & bit != 0;
                let s_allows = self.mode != Privilege::User || self.csr.scounteren & bit != 0;
                m_allows && s_allows
            }
            Gate::Satp => self.mode != Privilege::Supervisor || self.csr.mstatus & MSTATUS_TVM == 0,
            Gate::Stimecmp => {
                let enabled = self.csr.mcounteren & 2 != 0 && self.csr.menvcfg & MENVCFG_STCE != 0;
                self.config.isa.has(Ext::Sstc) && (self.mode == Privilege::Machine || enabled)
            }
        };
        // pmpcfg1, 3, ... do not exist on RV64.
        let odd_pmpcfg = (PMPCFG0..PMPCFG0 + 16).contains(&num) && num & 1 == 1;
        if !gate_open || odd_pmpcfg {
            return Err(illegal);
        }
        let old = (def.read)(self, bus, num);
        if let Some(f) = new {
            if num >> 10 == 0b11 {
                return Err(illegal);
            }
            if let Some(write) = def.write {
                // CSRRS/CSRRC on mip (and sip) modify the software-writable
                // bits only: an interrupt line the read saw (the PLIC's SEIP)
                // must not be latched into them (Privileged spec 3.1.9).
                let base = if num == MIP || num == SIP { self.csr.mip_sw } else { old };
                write(self, num, f(base));
            }
            // A write may unmask a pending interrupt: look again before the next instruction.
            self.next_irq_check = 0;
        }
        Ok(old)
    }

    /// Read a CSR for tracing and debugging, with no side effects and no checks.
    pub fn csr_peek(&self, bus: &Bus, num: u16) -> Option<u64> {
        let odd_pmpcfg = (PMPCFG0..PMPCFG0 + 16).contains(&num) && num & 1 == 1;
        if num > 0xfff || odd_pmpcfg {
            return None;
        }
        let def = CSRS.get(index()[num as usize] as usize)?;
        Some((def.read)(self, bus, num))
    }

    /// Write a CSR as a debugger does: no privilege or gate checks, the
    /// register's own WARL rules applied. `false` when the CSR does not
    /// exist or is read-only.
    pub fn csr_poke(&mut self, num: u16, value: u64) -> bool {
        let Some(def) = CSRS.get(index()[num as usize & 0xfff] as usize) else { return false };
        let odd_pmpcfg = (PMPCFG0..PMPCFG0 + 16).contains(&num) && num & 1 == 1;
        let writable = def.write.filter(|_| num >> 10 != 0b11 && num <= 0xfff && !odd_pmpcfg);
        let Some(write) = writable else { return false };
        write(self, num, value);
        self.next_irq_check = 0;
        true
    }

    /// Reset-time `mstatus`: everything off, MPP = M.
    pub(super) fn reset_mstatus(&mut self) {
        self.csr.mstatus = (Privilege::Machine as u64) << 11;
    }

    /// Rebuild the decoded PMP regions after a PMP CSR write.
    fn pmp_changed(&mut self) {
        self.pmp = Pmp::rebuild(&self.csr.pmpcfg, &self.csr.pmpaddr);
        self.context_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hart::HartConfig;

    fn hart_and_bus() -> (Hart, Bus) {
        (
            Hart::new(HartConfig::default()),
            Bus::new(
                crate::bus::Ram::new(4096).unwrap(),
                crate::devices::Console::captured(),
                None,
                crate::devices::Clint::default(),
            ),
        )
    }

    #[test]
    fn read_only_and_unknown_csrs_are_illegal_to_write() {
        let (mut h, b) = hart_and_bus();
        assert_eq!(h.csr_access(&b, MHARTID, None, 7), Ok(0));
        assert_eq!(h.csr_access(&b, MHARTID, Some(&|_| 1), 7), Err(Exception::IllegalInsn(7)));
        assert_eq!(h.csr_access(&b, 0x7ff, None, 9), Err(Exception::IllegalInsn(9)));
        assert_eq!(h.csr_access(&b, PMPCFG0 + 1, None, 9), Err(Exception::IllegalInsn(9)));
    }

    #[test]
    fn warl_fields_keep_only_legal_values() {
        let (mut h, b) = hart_and_bus();
        h.csr_access(&b, MSTATUS, Some(&|_| u64::MAX), 0).unwrap();
        assert_eq!(h.csr.mstatus, MSTATUS_WRITABLE);
        let read = h.csr_access(&b, MSTATUS, None, 0).unwrap();
        assert_eq!(read >> 63, 1, "SD reflects a dirty FS");
        assert_eq!(read >> 32 & 0xf, 0b1010, "UXL = SXL = 64");
        h.csr_access(&b, MSTATUS, Some(&|v| v & !MSTATUS_MPP | 2 << 11), 0).unwrap();
        assert_eq!(h.csr.mstatus & MSTATUS_MPP, MSTATUS_MPP, "MPP = 2 is reserved");
        h.csr_access(&b, SATP, Some(&|_| 7 << 60 | 5), 0).unwrap();
        assert_eq!(h.csr.satp, 0, "unsupported satp modes are ignored");
        h.csr_access(&b, SATP, Some(&|_| 8 << 60 | 5), 0).unwrap();
        assert_eq!(h.csr.satp, 8 << 60 | 5);
        h.csr_access(&b, MTVEC, Some(&|_| 0x8000_0103), 0).unwrap();
        assert_eq!(h.csr.mtvec, 0x8000_0101);
        h.csr_access(&b, MEPC, Some(&|_| 0x8000_0003), 0).unwrap();
        assert_eq!(h.csr.mepc, 0x8000_0002);
        h.csr_access(&b, MISA, Some(&|_| 0), 0).unwrap();
        assert_eq!(h.csr_access(&b, MISA, None, 0), Ok(0x8000_0000_0014_112d), "RV64IMAFDC + S, U");
        h.csr_access(&b, PMPCFG0, Some(&|_| 0xe29f), 0).unwrap();
        assert_eq!(h.csr.pmpcfg[..2], [0x9f, 0x80], "reserved bits dropped, R=0/W=1 loses W");
        h.csr_access(&b, PMPADDR0 + 1, Some(&|_| 5), 0).unwrap();
        assert_eq!(h.csr.pmpaddr[1], 0, "entry 1 is locked");
    }

    #[test]
    fn fp_csrs_need_fs_on_and_share_fcsr() {
        let (mut h, b) = hart_and_bus();
        assert_eq!(h.csr_access(&b, FCSR, None, 5), Err(Exception::IllegalInsn(5)), "FS is Off");
        h.csr.mstatus |= 1 << 13; // FS = Initial
        h.csr_access(&b, FCSR, Some(&|_| 0xff), 0).unwrap();
        assert_eq!((h.csr.frm, h.csr.fflags), (7, 0x1f));
        h.csr_access(&b, FRM, Some(&|_| 2), 0).unwrap();
        h.csr_access(&b, FFLAGS, Some(&|_| 1), 0).unwrap();
        assert_eq!(h.csr_access(&b, FCSR, None, 0), Ok(2 << 5 | 1));
        assert_eq!(h.csr.mstatus & MSTATUS_FS, MSTATUS_FS, "writes make FS Dirty");
    }

    #[test]
    fn supervisor_views_and_counter_gates() {
        let (mut h, b) = hart_and_bus();
        h.csr_access(&b, MIDELEG, Some(&|_| u64::MAX), 0).unwrap();
        assert_eq!(h.csr.mideleg, S_INTERRUPTS);
        h.csr_access(&b, MIE, Some(&|_| u64::MAX), 0).unwrap();
        assert_eq!(h.csr_access(&b, SIE, None, 0), Ok(S_INTERRUPTS));
        h.csr_access(&b, SSTATUS, Some(&|_| u64::MAX), 0).unwrap();
        assert_eq!(h.csr.mstatus & MSTATUS_MIE, 0, "sstatus cannot reach MIE");
        h.mode = Privilege::User;
        assert_eq!(h.csr_access(&b, CYCLE, None, 3), Err(Exception::IllegalInsn(3)));
        h.csr.mcounteren = 1;
        h.csr.scounteren = 1;
        assert!(h.csr_access(&b, CYCLE, None, 3).is_ok());
        assert_eq!(h.csr_access(&b, SSTATUS, None, 3), Err(Exception::IllegalInsn(3)));
        h.mode = Privilege::Supervisor;
        h.csr.mstatus |= MSTATUS_TVM;
        assert_eq!(h.csr_access(&b, SATP, None, 3), Err(Exception::IllegalInsn(3)));
    }

    #[test]
    fn minstret_write_is_seen_by_the_next_instruction() {
        let (mut h, b) = hart_and_bus();
        h.retired = 100;
        h.csr_access(&b, MINSTRET, Some(&|_| 5000), 0).unwrap();
        h.retired += 1; // the csrw itself retires
        assert_eq!(h.minstret(), 5000);
    }
}
