//! Zicbom and Zicboz: cache-block operations on 64-byte blocks. hartsim has
//! no caches, so `cbo.clean`/`flush`/`inval` only check that the access
//! would be allowed (raising the store fault it would raise), and
//! `cbo.zero` writes zeros. Below M-mode, `menvcfg` (and in U-mode also
//! `senvcfg`) must enable each kind, or the instruction is illegal.

use crate::bus::Bus;
use crate::hart::csr::{ENVCFG_CBCFE, ENVCFG_CBIE, ENVCFG_CBZE};
use crate::hart::mmu::Access;
use crate::hart::{Event, Exception, ExecResult, Hart, Privilege};
use crate::isa::{CACHE_BLOCK_BYTES as CACHE_BLOCK, Insn};

/// Is the `envcfg` field `field` (a bit mask) non-zero at every level above
/// the current mode?
fn enabled(h: &Hart, field: u64) -> bool {
    match h.mode {
        Privilege::Machine => true,
        Privilege::Supervisor => h.csr.menvcfg & field != 0,
        Privilege::User => h.csr.menvcfg & field != 0 && h.csr.senvcfg & field != 0,
    }
}

/// Check the block at `x[rs1]` could be accessed: translated (and PMP
/// checked) as a load, with any fault reported as the store fault.
fn check_block(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    let addr = h.x[i.rs1 as usize];
    if !h.translate_data {
        return Ok(());
    }
    h.translate(bus, addr & !(CACHE_BLOCK - 1), 1, Access::Load).map(|_| ()).map_err(|e| {
        Event::Exception(match e {
            Exception::LoadPageFault(a) => Exception::StorePageFault(a),
            Exception::LoadAccessFault(a) => Exception::StoreAccessFault(a),
            other => other,
        })
    })
}

fn clean_or_flush(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    if !enabled(h, ENVCFG_CBCFE) {
        return Err(Exception::IllegalInsn(i.raw).into());
    }
    check_block(h, bus, i)
}

pub fn cbo_clean(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    clean_or_flush(h, bus, i)
}

pub fn cbo_flush(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    clean_or_flush(h, bus, i)
}

/// Invalidation is a flush when `CBIE` is 01, and acts alike here.
pub fn cbo_inval(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    if !enabled(h, ENVCFG_CBIE) {
        return Err(Exception::IllegalInsn(i.raw).into());
    }
    check_block(h, bus, i)
}

/// Zero the 64-byte block holding `x[rs1]`, 8 bytes at a time through the
/// ordinary store path (translation, PMP, devices, decoded code). A block
/// lies within one page, so a fault comes at the first store or not at all;
/// what the stores report (code written, a device stop) is reported once
/// all of them are done.
pub fn cbo_zero(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    if !enabled(h, ENVCFG_CBZE) {
        return Err(Exception::IllegalInsn(i.raw).into());
    }
    let base = h.x[i.rs1 as usize] & !(CACHE_BLOCK - 1);
    let mut outcome = Ok(());
    for offset in (0..CACHE_BLOCK).step_by(8) {
        match h.store(bus, base + offset, 8, 0) {
            Ok(()) => {}
            Err(Event::Exception(e)) => return Err(e.into()),
            Err(Event::Stop) => outcome = Err(Event::Stop),
            Err(other) => {
                if outcome.is_ok() {
                    outcome = Err(other);
                }
            }
        }
    }
    outcome
}
