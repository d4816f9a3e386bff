//! Zicsr: atomic CSR read-modify-write. `csrrw` with rd = x0 still writes;
//! `csrrs`/`csrrc` with rs1 = x0 (or a zero immediate) do not write at all, so
//! they can read read-only CSRs.

use crate::bus::Bus;
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;

/// `writes` is false for `csrrs`/`csrrc` whose source is x0 or a zero
/// immediate: those only read.
fn csr_op(h: &mut Hart, bus: &mut Bus, i: &Insn, src: u64, writes: bool, op: u8) -> ExecResult {
    let new: Option<&dyn Fn(u64) -> u64> = match op {
        b'w' => Some(&|_| src),
        b's' if writes => Some(&|old| old | src),
        b'c' if writes => Some(&|old| old & !src),
        _ => None,
    };
    let old = h.csr_access(bus, i.csr, new, i.raw)?;
    h.set_x(i.rd, old);
    Ok(())
}

pub fn csrrw(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, h.x[i.rs1 as usize], i.rs1 != 0, b'w')
}
pub fn csrrs(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, h.x[i.rs1 as usize], i.rs1 != 0, b's')
}
pub fn csrrc(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, h.x[i.rs1 as usize], i.rs1 != 0, b'c')
}
pub fn csrrwi(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, i.imm as u64, i.imm != 0, b'w')
}
pub fn csrrsi(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, i.imm as u64, i.imm != 0, b's')
}
pub fn csrrci(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    csr_op(h, bus, i, i.imm as u64, i.imm != 0, b'c')
}
