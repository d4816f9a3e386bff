//! Environment calls, breakpoints, `mret` and `wfi`.

use crate::bus::Bus;
use crate::hart::{Event, Exception, ExecResult, Hart, Privilege};
use crate::isa::Insn;

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
        return Err(Exception::IllegalInsn(i.raw).into());
    }
    h.mret();
    Ok(())
}

pub fn wfi(h: &mut Hart, bus: &mut Bus, _: &Insn) -> ExecResult {
    h.wait_for_interrupt(bus).map_err(Event::Halt)
}
