//! A GDB remote stub: `gdb-multiarch prog.elf -ex 'target remote :PORT'`
//! debugs a program running in hartsim as it would one in QEMU (`-s -S`).
//!
//! The protocol is the `gdbstub` crate's; this module is the target it
//! drives, built on the public `Machine` API and an observer of the one run
//! loop:
//! - registers: `x0`-`x31` and `pc` in the `g` packet; the FP registers,
//!   `fflags`/`frm`/`fcsr`, the main CSRs and the privilege mode one at a
//!   time (`p`/`P`), as the target description below numbers them (GDB's
//!   RISC-V numbering: pc 32, f0 33, CSR n at 65 + n, priv 4161);
//! - memory through the hart's current translation (as QEMU's stub does);
//! - breakpoints (software and hardware alike) and watchpoints, checked
//!   before each instruction. Watchpoints stop *before* the access, as RISC-V
//!   triggers do and as GDB expects for RISC-V (its watchpoints are
//!   "non-steppable": it steps over the access itself);
//! - `continue` runs the fast engine when nothing is to be checked, in
//!   slices, looking for Ctrl-C from GDB between them;
//! - `monitor` commands for what GDB cannot show (`monitor help`).

use crate::debug::checkpoints::{Checkpoints, Hit, Watch, WatchKind as Access};
use crate::debug::trace::{TraceStyle, Tracer};
use crate::{Halt, Machine, Privilege, RunOutcome};
use gdbstub::common::Signal;
use gdbstub::stub::{DisconnectReason, GdbStub, SingleThreadStopReason};
use gdbstub::target::ext::base::BaseOps;
use gdbstub::target::ext::base::single_register_access::{
    SingleRegisterAccess, SingleRegisterAccessOps,
};
use gdbstub::target::ext::base::singlethread::{
    SingleThreadBase, SingleThreadResume, SingleThreadResumeOps, SingleThreadSingleStep,
    SingleThreadSingleStepOps,
};
use gdbstub::target::ext::breakpoints::{
    Breakpoints, BreakpointsOps, HwBreakpoint, HwBreakpointOps, HwWatchpoint, HwWatchpointOps,
    SwBreakpoint, SwBreakpointOps, WatchKind,
};
use gdbstub::target::ext::monitor_cmd::MonitorCmdOps;
use gdbstub::target::{Target, TargetError, TargetResult};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::TcpListener;

mod arch;
mod connection;
mod monitor;

use connection::{EventLoop, GdbConnection, READ_POLL};

pub use arch::{CoreRegs, RiscvReg, Rv64};

/// Instructions run between looks at the connection (for Ctrl-C): a few
/// milliseconds on either engine.
const SLICE_FAST: u64 = 2_000_000;
const SLICE_CHECKED: u64 = 200_000;

/// What `continue` or `stepi` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    Continue,
    Step,
}

impl From<WatchKind> for Access {
    fn from(kind: WatchKind) -> Self {
        match kind {
            WatchKind::Write => Access::Write,
            WatchKind::Read => Access::Read,
            WatchKind::ReadWrite => Access::ReadWrite,
        }
    }
}

impl From<Access> for WatchKind {
    fn from(kind: Access) -> Self {
        match kind {
            Access::Write => WatchKind::Write,
            Access::Read => WatchKind::Read,
            Access::ReadWrite => WatchKind::ReadWrite,
        }
    }
}

/// How a debugging session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEnd {
    /// The guest exited with this code (GDB was told).
    Exited(u64),
    /// GDB killed the program (`kill`, or quitting GDB).
    Killed,
    /// The host asked to stop (Ctrl-A x, a signal); GDB was told.
    StoppedByHost,
    /// GDB detached; the program then ran on without it to this outcome.
    Detached(RunOutcome),
}

/// The program under GDB's control.
pub struct Debuggee {
    machine: Machine,
    resume: Resume,
    breakpoints: BTreeSet<u64>,
    watchpoints: Vec<Watch>,
    trace: bool,
    /// Why the program last stopped, for `monitor why`.
    last_stop: Option<String>,
    /// The guest's exit code, once it exited.
    exit_code: Option<u64>,
}

impl Debuggee {
    /// Put `machine` under a debugger's control, stopped before its next
    /// instruction.
    pub fn new(machine: Machine) -> Self {
        Debuggee {
            machine,
            resume: Resume::Continue,
            breakpoints: BTreeSet::new(),
            watchpoints: Vec::new(),
            trace: false,
            last_stop: None,
            exit_code: None,
        }
    }

    /// The machine back, once the session is over.
    pub fn into_machine(self) -> Machine {
        self.machine
    }

    /// Run one slice as GDB asked: `Some` when the program stopped.
    fn run_slice(&mut self) -> Option<SingleThreadStopReason<u64>> {
        let step = self.resume == Resume::Step;
        let checked =
            step || self.trace || !self.breakpoints.is_empty() || !self.watchpoints.is_empty();
        let (outcome, hit) = if checked {
            let mut stderr = std::io::stderr();
            let symbols = self.machine.symbols().clone();
            let tracer =
                self.trace.then(|| Tracer::new(&mut stderr, TraceStyle::Annotated, &symbols));
            let mut checks = Checkpoints {
                steps: step.then_some(1),
                stop_on_trap: step,
                tracer,
                ..Checkpoints::new(&self.breakpoints, &self.watchpoints)
            };
            let limit = if step { None } else { Some(SLICE_CHECKED) };
            let outcome = self.machine.run_observed(limit, &mut checks);
            (outcome, checks.hit)
        } else {
            (self.machine.run(Some(SLICE_FAST)), None)
        };
        let reason = match (&outcome, hit) {
            (RunOutcome::InsnLimit, _) => return None,
            (_, Some(Hit::Stepped)) => SingleThreadStopReason::DoneStep,
            (_, Some(Hit::Breakpoint)) => SingleThreadStopReason::SwBreak(()),
            (_, Some(Hit::Watch { kind, addr })) => {
                SingleThreadStopReason::Watch { tid: (), kind: kind.into(), addr }
            }
            (RunOutcome::Exited(code), None) => SingleThreadStopReason::Exited(*code as u8),
            (RunOutcome::Halted { reason, .. }, None) => {
                SingleThreadStopReason::Signal(halt_signal(reason))
            }
            (RunOutcome::StoppedByHost, None) => {
                SingleThreadStopReason::Terminated(Signal::SIGTERM)
            }
            // The tracer could not write: stop and let the user look.
            (RunOutcome::StoppedByObserver(_), None) => {
                SingleThreadStopReason::Signal(Signal::SIGTRAP)
            }
        };
        self.last_stop = Some(match (&outcome, hit) {
            (_, Some(hit)) => format!("{hit:?} at pc {:#x}", self.machine.pc()),
            (RunOutcome::Halted { reason, pc }, _) => format!("halted at pc {pc:#x}: {reason}"),
            (RunOutcome::Exited(code), _) => {
                self.exit_code = Some(*code);
                format!("exited with code {code}")
            }
            (other, _) => format!("{other:?}"),
        });
        Some(reason)
    }

    /// `monitor why`: the last stop, in words.
    fn describe_last_stop(&self) -> String {
        let mut text = self.last_stop.clone().unwrap_or_else(|| "not run yet".into());
        if let Some(t) = self.machine.last_trap() {
            let _ = write!(
                text,
                "\nlast trap: {} at pc {:#x}, tval {:#x}, {:?} -> {:?}",
                t.describe(),
                t.epc,
                t.tval,
                t.from,
                t.to
            );
        }
        text
    }
}

/// The signal GDB is shown for a halt: what a Unix process would get.
fn halt_signal(halt: &Halt) -> Signal {
    let trap = match halt {
        Halt::UnfetchableHandler { trap, .. } | Halt::TrapLoop { last: trap, .. } => trap,
        Halt::Stuck(_) => return Signal::SIGSTOP,
    };
    match (trap.interrupt, trap.code) {
        (false, 2) => Signal::SIGILL,
        (false, 3) => Signal::SIGTRAP,
        (false, 0 | 4 | 6) => Signal::SIGBUS,
        (false, 8..=11) => Signal::SIGSYS,
        (false, _) => Signal::SIGSEGV,
        (true, _) => Signal::SIGINT,
    }
}

fn mode_number(mode: Privilege) -> u64 {
    match mode {
        Privilege::User => 0,
        Privilege::Supervisor => 1,
        Privilege::Machine => 3,
    }
}

impl Target for Debuggee {
    type Arch = Rv64;
    type Error = String;

    fn base_ops(&mut self) -> BaseOps<'_, Rv64, String> {
        BaseOps::SingleThread(self)
    }

    fn support_breakpoints(&mut self) -> Option<BreakpointsOps<'_, Self>> {
        Some(self)
    }

    fn support_monitor_cmd(&mut self) -> Option<MonitorCmdOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadBase for Debuggee {
    fn read_registers(&mut self, regs: &mut CoreRegs) -> TargetResult<(), Self> {
        for (n, x) in regs.x.iter_mut().enumerate() {
            *x = self.machine.x(n).map_err(|_| TargetError::NonFatal)?;
        }
        regs.pc = self.machine.pc();
        Ok(())
    }

    fn write_registers(&mut self, regs: &CoreRegs) -> TargetResult<(), Self> {
        for (n, x) in regs.x.iter().enumerate().skip(1) {
            self.machine.set_x(n, *x).map_err(|_| TargetError::NonFatal)?;
        }
        self.machine.set_pc(regs.pc).map_err(|_| TargetError::NonFatal)
    }

    fn support_single_register_access(&mut self) -> Option<SingleRegisterAccessOps<'_, (), Self>> {
        Some(self)
    }

    fn read_addrs(&mut self, start: u64, data: &mut [u8]) -> TargetResult<usize, Self> {
        // As many bytes as can be read, from the start; none is an error.
        for (i, byte) in data.iter_mut().enumerate() {
            let mut one = [0u8];
            if self.machine.read_virt(start.wrapping_add(i as u64), &mut one).is_err() {
                return if i == 0 { Err(TargetError::Errno(14)) } else { Ok(i) };
            }
            *byte = one[0];
        }
        Ok(data.len())
    }

    fn write_addrs(&mut self, start: u64, data: &[u8]) -> TargetResult<(), Self> {
        self.machine.write_virt(start, data).map_err(|_| TargetError::Errno(14))
    }

    fn support_resume(&mut self) -> Option<SingleThreadResumeOps<'_, Self>> {
        Some(self)
    }
}

impl SingleRegisterAccess<()> for Debuggee {
    fn read_register(
        &mut self,
        _tid: (),
        reg: RiscvReg,
        buf: &mut [u8],
    ) -> TargetResult<usize, Self> {
        let m = &self.machine;
        let value = match reg {
            RiscvReg::X(n) => m.x(n as usize).ok(),
            RiscvReg::Pc => Some(m.pc()),
            RiscvReg::F(n) => m.f(n as usize).ok(),
            RiscvReg::Csr(n) => m.csr(n).ok(),
            RiscvReg::Priv => Some(mode_number(m.privilege())),
            RiscvReg::Unknown => None,
        };
        let bytes = value.ok_or(TargetError::NonFatal)?.to_le_bytes();
        let n = buf.len().min(8);
        buf[..n].copy_from_slice(&bytes[..n]);
        Ok(n)
    }

    fn write_register(&mut self, _tid: (), reg: RiscvReg, val: &[u8]) -> TargetResult<(), Self> {
        let mut le = [0u8; 8];
        let n = val.len().min(8);
        le[..n].copy_from_slice(&val[..n]);
        let value = u64::from_le_bytes(le);
        let m = &mut self.machine;
        let done = match reg {
            RiscvReg::X(0) => Ok(()),
            RiscvReg::X(n) => m.set_x(n as usize, value),
            RiscvReg::Pc => m.set_pc(value),
            RiscvReg::F(n) => m.set_f(n as usize, value),
            RiscvReg::Csr(n) => m.set_csr(n, value),
            RiscvReg::Unknown => return Err(TargetError::NonFatal),
            RiscvReg::Priv => {
                let mode = match value {
                    0 => Privilege::User,
                    1 => Privilege::Supervisor,
                    3 => Privilege::Machine,
                    _ => return Err(TargetError::NonFatal),
                };
                m.set_privilege(mode);
                Ok(())
            }
        };
        done.map_err(|_| TargetError::NonFatal)
    }
}

impl SingleThreadResume for Debuggee {
    fn resume(&mut self, signal: Option<Signal>) -> Result<(), String> {
        // Signals have no meaning for a bare-metal hart: resume without one.
        let _ = signal;
        self.resume = Resume::Continue;
        Ok(())
    }

    fn support_single_step(&mut self) -> Option<SingleThreadSingleStepOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadSingleStep for Debuggee {
    fn step(&mut self, signal: Option<Signal>) -> Result<(), String> {
        let _ = signal;
        self.resume = Resume::Step;
        Ok(())
    }
}

impl Breakpoints for Debuggee {
    fn support_sw_breakpoint(&mut self) -> Option<SwBreakpointOps<'_, Self>> {
        Some(self)
    }

    fn support_hw_breakpoint(&mut self) -> Option<HwBreakpointOps<'_, Self>> {
        Some(self)
    }

    fn support_hw_watchpoint(&mut self) -> Option<HwWatchpointOps<'_, Self>> {
        Some(self)
    }
}

// Breakpoints are pcs checked before each instruction: nothing is written
// into guest memory, so software and hardware ones are the same thing.
impl SwBreakpoint for Debuggee {
    fn add_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.breakpoints.insert(addr);
        Ok(true)
    }

    fn remove_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(self.breakpoints.remove(&addr))
    }
}

impl HwBreakpoint for Debuggee {
    fn add_hw_breakpoint(&mut self, addr: u64, kind: usize) -> TargetResult<bool, Self> {
        self.add_sw_breakpoint(addr, kind)
    }

    fn remove_hw_breakpoint(&mut self, addr: u64, kind: usize) -> TargetResult<bool, Self> {
        self.remove_sw_breakpoint(addr, kind)
    }
}

impl HwWatchpoint for Debuggee {
    fn add_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        if len == 0 {
            return Ok(false);
        }
        self.watchpoints.push(Watch { addr, len, kind: kind.into() });
        Ok(true)
    }

    fn remove_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        let wanted = Watch { addr, len, kind: kind.into() };
        match self.watchpoints.iter().position(|w| *w == wanted) {
            Some(i) => {
                self.watchpoints.remove(i);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Serve GDB on `listener` until the session ends. A client that goes away
/// without detaching (a dropped connection) leaves the program stopped and
/// hartsim waiting for the next one; `announce` is told of each wait. When
/// a wait is interrupted (a signal) and `host_wants_stop` says so, the
/// session ends as `StoppedByHost`.
pub fn serve(
    debuggee: &mut Debuggee,
    listener: &TcpListener,
    mut announce: impl FnMut(&str),
    host_wants_stop: impl Fn() -> bool + Clone + 'static,
) -> std::io::Result<SessionEnd> {
    loop {
        // Polled, not blocking: std retries an accept a signal interrupts.
        listener.set_nonblocking(true)?;
        let (stream, peer) = match listener.accept() {
            Ok(connection) => connection,
            Err(_) if host_wants_stop() => return Ok(SessionEnd::StoppedByHost),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(READ_POLL);
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        stream.set_nonblocking(false)?;
        announce(&format!("GDB connected from {peer}"));
        let connection =
            GdbConnection { stream, host_wants_stop: Box::new(host_wants_stop.clone()) };
        match GdbStub::new(connection).run_blocking::<EventLoop>(debuggee) {
            Ok(DisconnectReason::TargetExited(_)) => {
                return Ok(SessionEnd::Exited(debuggee.exit_code.unwrap_or(0)));
            }
            Ok(DisconnectReason::TargetTerminated(_)) => return Ok(SessionEnd::StoppedByHost),
            Ok(DisconnectReason::Kill) => return Ok(SessionEnd::Killed),
            Ok(DisconnectReason::Disconnect) => {
                let outcome = debuggee.machine.run(None);
                return Ok(SessionEnd::Detached(outcome));
            }
            Err(_) if host_wants_stop() => return Ok(SessionEnd::StoppedByHost),
            Err(e) => announce(&format!(
                "the GDB connection ended ({e}); the program stays stopped, waiting for GDB again"
            )),
        }
    }
}
