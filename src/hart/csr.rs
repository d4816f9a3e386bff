//! Control and status registers as a table of `{numbers, read, write}` rows,
//! looked up through a 4096-entry index. Access rules shared by every CSR
//! (minimum privilege in bits 9:8, read-only when bits 11:10 are 0b11) are
//! checked once in `Hart::csr_access`, not per register.

use super::fpu::MSTATUS_FS;
#[cfg(test)]
use super::trap::MSTATUS_MPP;
use super::trap::{Exception, MSTATUS_MIE, MSTATUS_MPIE};
use super::{Hart, Privilege};
use crate::bus::Bus;
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
    /// Accrued floating-point exception flags (NV DZ OF UF NX).
    pub fflags: u8,
    /// Dynamic rounding mode.
    pub frm: u8,
    pub pmpcfg: [u64; 2],
    pub pmpaddr: [u64; PMP_ENTRIES as usize],
    /// `mcycle` = cycles + this; changes when the guest writes `mcycle`.
    pub cycle_offset: u64,
    /// `minstret` = retired + this; changes when the guest writes `minstret`.
    pub instret_offset: u64,
}

const MISA_MXL_64: u64 = 2 << 62;
/// RV64IMAFDC: what this hart implements, and nothing else.
pub const MISA_VALUE: u64 =
    MISA_MXL_64 | ext(b'I') | ext(b'M') | ext(b'A') | ext(b'F') | ext(b'D') | ext(b'C');

const fn ext(letter: u8) -> u64 {
    1 << (letter - b'A')
}

const MSTATUS_WRITABLE: u64 = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_FS;
/// State Dirty: set when FS is Dirty (the only dirty-able state here).
const MSTATUS_SD: u64 = 1 << 63;
const MIE_WRITABLE: u64 = 1 << 3 | 1 << 7 | 1 << 11;
const PMPADDR_MASK: u64 = (1 << 54) - 1;
const PMP_LOCK: u64 = 0x80;

type ReadFn = fn(&Hart, &Bus, u16) -> u64;
type WriteFn = fn(&mut Hart, u16, u64);

/// A condition beyond privilege that a CSR access must meet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Always,
    /// Floating-point CSRs: illegal while `mstatus.FS` is Off.
    FpEnabled,
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

const fn fp(num: u16, read: ReadFn, write: WriteFn) -> CsrDef {
    CsrDef { first: num, last: num, gate: Gate::FpEnabled, read, write: Some(write) }
}

/// Writes to the FP CSRs change FP state: FS becomes Dirty.
fn write_fcsr(h: &mut Hart, v: u64) {
    h.csr.fflags = (v & 0x1f) as u8;
    h.csr.frm = (v >> 5 & 7) as u8;
    h.mark_fp_dirty();
}

fn read_mstatus(h: &Hart, _: &Bus, _: u16) -> u64 {
    let dirty = h.csr.mstatus & MSTATUS_FS == MSTATUS_FS;
    h.csr.mstatus | if dirty { MSTATUS_SD } else { 0 }
}

fn zero(_: &Hart, _: &Bus, _: u16) -> u64 {
    0
}

static CSRS: &[CsrDef] = &[
    fp(
        FFLAGS,
        |h, _, _| h.csr.fflags as u64,
        |h, _, v| write_fcsr(h, (h.csr.frm as u64) << 5 | (v & 0x1f)),
    ),
    fp(
        FRM,
        |h, _, _| h.csr.frm as u64,
        |h, _, v| write_fcsr(h, (v & 7) << 5 | h.csr.fflags as u64),
    ),
    fp(FCSR, |h, _, _| (h.csr.frm as u64) << 5 | h.csr.fflags as u64, |h, _, v| write_fcsr(h, v)),
    one(
        MSTATUS,
        read_mstatus,
        Some(|h, _, v| {
            h.csr.mstatus = (h.csr.mstatus & !MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE)
        }),
    ),
    one(MISA, |_, _, _| MISA_VALUE, None),
    // No S-mode, so nothing can be delegated: both read as zero.
    one(MEDELEG, zero, None),
    one(MIDELEG, zero, None),
    one(MIE, |h, _, _| h.csr.mie, Some(|h, _, v| h.csr.mie = v & MIE_WRITABLE)),
    // The WARL mode field keeps direct (0) or vectored (1); reserved modes become direct.
    one(MTVEC, |h, _, _| h.csr.mtvec, Some(|h, _, v| h.csr.mtvec = v & !2)),
    one(MSCRATCH, |h, _, _| h.csr.mscratch, Some(|h, _, v| h.csr.mscratch = v)),
    // With C, instructions are 2-byte aligned: bit 0 of mepc is always zero.
    one(MEPC, |h, _, _| h.csr.mepc, Some(|h, _, v| h.csr.mepc = v & !1)),
    one(MCAUSE, |h, _, _| h.csr.mcause, Some(|h, _, v| h.csr.mcause = v)),
    one(MTVAL, |h, _, _| h.csr.mtval, Some(|h, _, v| h.csr.mtval = v)),
    // Every line in mip is driven by a device on this hart.
    one(MIP, |h, b, _| h.mip(b), None),
    one(PMPCFG0, |h, _, _| h.csr.pmpcfg[0], Some(|h, _, v| write_pmpcfg(h, 0, v))),
    one(PMPCFG2, |h, _, _| h.csr.pmpcfg[1], Some(|h, _, v| write_pmpcfg(h, 1, v))),
    range(PMPADDR0, PMPADDR0 + PMP_ENTRIES - 1, read_pmpaddr, Some(write_pmpaddr)),
    // PMP registers beyond the 16 implemented entries are hardwired to zero.
    range(PMPADDR0 + PMP_ENTRIES, PMPADDR0 + 63, zero, None),
    range(0x3a4, 0x3ae, zero, None),
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
    one(CYCLE, |h, _, _| h.mcycle(), None),
    one(TIME, |h, b, _| b.clint.mtime(h.cycles()), None),
    one(INSTRET, |h, _, _| h.minstret(), None),
    range(0xc03, 0xc1f, zero, None),
    one(MVENDORID, zero, None),
    one(MARCHID, zero, None),
    one(MIMPID, zero, None),
    one(MHARTID, zero, None),
    // mconfigptr: no configuration structure.
    one(0xf15, zero, None),
];

fn read_pmpaddr(h: &Hart, _: &Bus, num: u16) -> u64 {
    h.csr.pmpaddr[(num - PMPADDR0) as usize]
}

fn pmp_locked(h: &Hart, entry: usize) -> bool {
    h.csr.pmpcfg[entry / 8] >> (8 * (entry % 8)) & PMP_LOCK != 0
}

fn write_pmpaddr(h: &mut Hart, num: u16, v: u64) {
    let entry = (num - PMPADDR0) as usize;
    if !pmp_locked(h, entry) {
        h.csr.pmpaddr[entry] = v & PMPADDR_MASK;
    }
}

/// Each byte is one entry's config: locked bytes keep their value, the reserved
/// bits 6:5 read as zero and the reserved R=0/W=1 combination drops W.
fn write_pmpcfg(h: &mut Hart, reg: usize, v: u64) {
    let mut new = h.csr.pmpcfg[reg];
    for i in 0..8 {
        if pmp_locked(h, reg * 8 + i) {
            continue;
        }
        let mut byte = v >> (8 * i) & 0x9f;
        if byte & 0b11 == 0b10 {
            byte &= !0b10;
        }
        new = (new & !(0xff << (8 * i))) | byte << (8 * i);
    }
    h.csr.pmpcfg[reg] = new;
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
        if def.gate == Gate::FpEnabled && self.csr.mstatus & MSTATUS_FS == 0 {
            return Err(illegal);
        }
        let old = (def.read)(self, bus, num);
        if let Some(f) = new {
            if num >> 10 == 0b11 {
                return Err(illegal);
            }
            if let Some(write) = def.write {
                write(self, num, f(old));
            }
            // A write may unmask a pending interrupt: look again before the next instruction.
            self.next_irq_check = 0;
        }
        Ok(old)
    }

    /// Read a CSR for tracing and debugging, with no side effects and no checks.
    pub fn csr_peek(&self, bus: &Bus, num: u16) -> Option<u64> {
        let def = CSRS.get(index()[num as usize & 0xfff] as usize)?;
        Some((def.read)(self, bus, num))
    }

    /// Reset-time `mstatus`: MPP holds M, the only mode.
    pub(super) fn reset_mstatus(&mut self) {
        self.csr.mstatus = (Privilege::Machine as u64) << 11;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hart::HartConfig;

    fn hart_and_bus() -> (Hart, Bus) {
        (
            Hart::new(HartConfig::default()),
            Bus::new(4096, crate::devices::Console::captured(), None),
        )
    }

    #[test]
    fn read_only_and_unknown_csrs_are_illegal_to_write() {
        let (mut h, b) = hart_and_bus();
        assert_eq!(h.csr_access(&b, MHARTID, None, 7), Ok(0));
        assert_eq!(h.csr_access(&b, MHARTID, Some(&|_| 1), 7), Err(Exception::IllegalInsn(7)));
        assert_eq!(h.csr_access(&b, 0x7ff, None, 9), Err(Exception::IllegalInsn(9)));
        assert_eq!(h.csr_access(&b, SATP, None, 9), Err(Exception::IllegalInsn(9)), "no S-mode");
    }

    #[test]
    fn warl_fields_keep_only_legal_values() {
        let (mut h, b) = hart_and_bus();
        h.csr_access(&b, MSTATUS, Some(&|_| u64::MAX), 0).unwrap();
        assert_eq!(h.csr.mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_FS);
        let read = h.csr_access(&b, MSTATUS, None, 0).unwrap();
        assert_eq!(read >> 63, 1, "SD reflects a dirty FS");
        h.csr_access(&b, MTVEC, Some(&|_| 0x8000_0103), 0).unwrap();
        assert_eq!(h.csr.mtvec, 0x8000_0101);
        h.csr_access(&b, MEPC, Some(&|_| 0x8000_0003), 0).unwrap();
        assert_eq!(h.csr.mepc, 0x8000_0002);
        h.csr_access(&b, MISA, Some(&|_| 0), 0).unwrap();
        assert_eq!(h.csr_access(&b, MISA, None, 0), Ok(MISA_VALUE));
        h.csr_access(&b, PMPCFG0, Some(&|_| 0xe29f), 0).unwrap();
        assert_eq!(h.csr.pmpcfg[0], 0x80_9f, "reserved bits dropped, R=0/W=1 loses W");
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
    fn minstret_write_is_seen_by_the_next_instruction() {
        let (mut h, b) = hart_and_bus();
        h.retired = 100;
        h.csr_access(&b, MINSTRET, Some(&|_| 5000), 0).unwrap();
        h.retired += 1; // the csrw itself retires
        assert_eq!(h.minstret(), 5000);
    }
}
