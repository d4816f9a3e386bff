//! Environment calls, breakpoints, trap returns, `wfi` and `sfence.vma`, with
//! the privilege rules that make them illegal (TSR, TW, TVM).

use crate::bus::Bus;
use crate::devices::{SemihostMemory, SemihostResult, Stop};
use crate::hart::mmu::Access;
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

/// `ebreak`: a breakpoint exception, or a semihosting call when semihosting
/// is on and this is its sequence (see `devices::semihost`).
pub fn ebreak(h: &mut Hart, bus: &mut Bus, i: &Insn) -> ExecResult {
    if h.mode != Privilege::User && i.len == 4 && semihost_sequence(h, bus) {
        if bus.semihost.is_some() {
            return semihost_call(h, bus);
        }
        static TOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !TOLD.swap(true, std::sync::atomic::Ordering::Relaxed) {
            log::warn!(
                "the program makes a semihosting call at pc {:#x}, but semihosting is off \
                 (--semihosting turns it on): it is a breakpoint exception instead",
                h.pc
            );
        }
    }
    Err(Exception::Breakpoint(h.pc).into())
}

/// `slli x0, x0, 0x1f` before the `ebreak`, `srai x0, x0, 7` after it.
const SEMIHOST_ENTRY: u32 = 0x01f0_1013;
const SEMIHOST_EXIT: u32 = 0x4070_5013;

fn semihost_sequence(h: &Hart, bus: &Bus) -> bool {
    let word = |addr: u64| {
        h.translate_debug(bus, addr, Access::Fetch).ok().and_then(|pa| bus.ram.read(pa, 4))
    };
    word(h.pc.wrapping_sub(4)) == Some(SEMIHOST_ENTRY as u64)
        && word(h.pc.wrapping_add(4)) == Some(SEMIHOST_EXIT as u64)
}

/// Guest memory as a semihosting call sees it: through the hart's
/// translation, with its permissions.
struct CallerMemory<'a> {
    hart: &'a mut Hart,
    bus: &'a mut Bus,
}

impl SemihostMemory for CallerMemory<'_> {
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> bool {
        for (i, byte) in buf.iter_mut().enumerate() {
            match self.hart.load(self.bus, addr.wrapping_add(i as u64), 1) {
                Ok(v) => *byte = v as u8,
                Err(_) => return false,
            }
        }
        true
    }

    fn write(&mut self, addr: u64, data: &[u8]) -> bool {
        data.iter().enumerate().all(|(i, &b)| {
            self.hart.store(self.bus, addr.wrapping_add(i as u64), 1, b as u64).is_ok()
        })
    }
}

fn semihost_call(h: &mut Hart, bus: &mut Bus) -> ExecResult {
    let Some(mut host) = bus.semihost.take() else { return Ok(()) };
    let (op, arg) = (h.x[10], h.x[11]);
    let mut console = std::mem::take(&mut bus.console);
    let result = host.call(op, arg, &mut CallerMemory { hart: h, bus }, &mut console);
    bus.console = console;
    bus.semihost = Some(host);
    match result {
        SemihostResult::Value(v) => {
            h.set_x(10, v);
            // Whatever was written may have been decoded code.
            Err(Event::Resync)
        }
        SemihostResult::Exit(code) => {
            bus.stop = Some(Stop::Exit(code));
            Err(Event::Stop)
        }
    }
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
