//! Environment calls, breakpoints, trap returns, `wfi` and `sfence.vma`, with
//! the privilege rules that make them illegal (TSR, TW, TVM).

use crate::bus::Bus;
use crate::hart::trap::{MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW};
use crate::hart::{Event, Exception, ExecResult, Hart, Privilege};
use crate::isa::Insn;

fn illegal(i: &Insn) -> Event {
    Exception::IllegalInsn(i.raw).into()
}

pub fn ecall(h: &mut Hart, _: &mut Bus, _: &Insn) -> ExecResult {
    Err(match h.mode {
        Privilege::User => Exception::EcallFromU,
        Privilege::Supervisor => Exception::EcallFromS,
        Privilege::Machine => Exception::EcallFromM,
    }
    .into())
}

pub fn ebreak(h: &mut Hart, _: &mut Bus, _: &Insn) -> ExecResult {
    Err(Exception::Breakpoint(h.pc).into())
}

pub fn mret(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    if h.mode != Privilege::Machine {
        return Err(illegal(i));
    }
    h.mret();
    Ok(())
}

pub fn sret(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    let trapped = h.mode == Privilege::Supervisor && h.csr.mstatus & MSTATUS_TSR != 0;
    if h.mode == Privilege::User || trapped {
        return Err(illegal(i));
    }
    h.sret();
    Ok(())
}

/// `wfi` is illegal in U-mode, and in S-mode when `mstatus.TW` is set (as Spike does).
pub fn wfi(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    let trapped = h.mode == Privilege::Supervisor && h.csr.mstatus & MSTATUS_TW != 0;
    if h.mode == Privilege::User || trapped {
        return Err(illegal(i));
    }
    h.wait_for_interrupt(bus).map_err(Event::Halt)
}

/// The TLBs are not tagged by ASID, so an ASID-only fence flushes everything.
pub fn sfence_vma(h: &mut Hart, _: &mut Bus, i: &Insn) -> ExecResult {
    let trapped = h.mode == Privilege::Supervisor && h.csr.mstatus & MSTATUS_TVM != 0;
    if h.mode == Privilege::User || trapped {
        return Err(illegal(i));
    }
    if i.rs1 != 0 {
        h.tlb.flush_page(h.x[i.rs1 as usize]);
    } else {
        h.tlb.flush();
    }
    Ok(())
}
