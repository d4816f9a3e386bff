//! RV64A: load-reserved / store-conditional and atomic memory operations. With
//! one hart every AMO is trivially atomic; what matters is alignment (always
//! required, whatever the misaligned-access setting), that AMOs work only on
//! RAM, and the reservation rules.

use super::sext32;
use crate::bus::Bus;
use crate::hart::mmu::Access;
use crate::hart::{Event, Exception, ExecResult, Hart};
use crate::isa::Insn;

fn lr(h: &mut Hart, bus: &mut Bus, i: &Insn, size: u64) -> ExecResult {
    let addr = h.x[i.rs1 as usize];
    if addr & (size - 1) != 0 {
        return Err(Exception::LoadMisaligned(addr).into());
    }
    let paddr = h.atomic_address(bus, addr, size, Access::Load)?;
    let v = bus.ram.read(paddr, size).ok_or(Exception::LoadAccessFault(addr))?;
    h.set_x(i.rd, if size == 4 { sext32(v) } else { v });
    h.reservation = Some(paddr);
    Ok(())
}

fn sc(h: &mut Hart, bus: &mut Bus, i: &Insn, size: u64) -> ExecResult {
    let addr = h.x[i.rs1 as usize];
    if addr & (size - 1) != 0 {
        return Err(Exception::StoreMisaligned(addr).into());
    }
    let paddr = h.atomic_address(bus, addr, size, Access::Store)?;
    let reserved = h.reservation.take() == Some(paddr);
    h.last_sc_stored = reserved;
    if reserved {
        match h.store_physical(bus, paddr, addr, size, h.x[i.rs2 as usize]) {
            Ok(()) => {}
            Err(e) if e.retires() => {
                h.set_x(i.rd, 0);
                return Err(e);
            }
            Err(e) => return Err(e),
        }
    }
    h.set_x(i.rd, !reserved as u64);
    Ok(())
}

/// Read-modify-write: `mem = f(mem, x[rs2])`, `rd = old mem` (sign-extended for `.w`).
fn amo(h: &mut Hart, bus: &mut Bus, i: &Insn, size: u64, f: fn(u64, u64) -> u64) -> ExecResult {
    let addr = h.x[i.rs1 as usize];
    if addr & (size - 1) != 0 {
        return Err(Exception::StoreMisaligned(addr).into());
    }
    let paddr = h.atomic_address(bus, addr, size, Access::Store)?;
    let raw = bus.ram.read(paddr, size).ok_or(Exception::StoreAccessFault(addr))?;
    let (old, src) = if size == 4 {
        (sext32(raw), sext32(h.x[i.rs2 as usize]))
    } else {
        (raw, h.x[i.rs2 as usize])
    };
    let result = h.store_physical(bus, paddr, addr, size, f(old, src));
    if result.err().is_none_or(Event::retires) {
        h.set_x(i.rd, old);
    }
    result
}

pub fn lr_w(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    lr(h, bus, i, 4)
}
pub fn lr_d(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    lr(h, bus, i, 8)
}
pub fn sc_w(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    sc(h, bus, i, 4)
}
pub fn sc_d(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    sc(h, bus, i, 8)
}

macro_rules! amos {
    ($($w:ident $d:ident |$a:ident, $b:ident| $wide:expr, $narrow:expr;)*) => {$(
        pub fn $w(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
            amo(h, bus, i, 4, |$a, $b| $narrow)
        }
        pub fn $d(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
            amo(h, bus, i, 8, |$a, $b| $wide)
        }
    )*};
}

// Operands of `.w` forms arrive sign-extended, so signed 64-bit comparisons are
// right for both widths; unsigned `.w` comparisons look at the low 32 bits only.
amos! {
    amoswap_w amoswap_d |_a, b| b, b;
    amoadd_w amoadd_d |a, b| a.wrapping_add(b), a.wrapping_add(b);
    amoxor_w amoxor_d |a, b| a ^ b, a ^ b;
    amoand_w amoand_d |a, b| a & b, a & b;
    amoor_w amoor_d |a, b| a | b, a | b;
    amomin_w amomin_d |a, b| (a as i64).min(b as i64) as u64, (a as i64).min(b as i64) as u64;
    amomax_w amomax_d |a, b| (a as i64).max(b as i64) as u64, (a as i64).max(b as i64) as u64;
    amominu_w amominu_d |a, b| a.min(b), if (a as u32) < (b as u32) { a } else { b };
    amomaxu_w amomaxu_d |a, b| a.max(b), if (a as u32) > (b as u32) { a } else { b };
}
