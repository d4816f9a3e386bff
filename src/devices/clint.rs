//! CLINT (core-local interruptor) at QEMU `virt`'s 0x2000000: `msip` (software
//! interrupt), `mtimecmp` and `mtime` for hart 0. By default `mtime` is derived
//! from virtual time (one tick per 100 cycles, i.e. 10 MHz at a nominal 1 GHz)
//! so every run of a program sees the same times; with the host clock it
//! follows wall time at 10 MHz instead, for interactive use.

use super::{Device, DeviceCtx, DtNode, DtValue, WriteOutcome};
use super::{IRQ_M_SOFT, IRQ_M_TIMER, PHANDLE_CPU_INTC};
use std::time::{Duration, Instant};

/// Cycles of virtual time per `mtime` tick.
pub const CYCLES_PER_TICK: u64 = 100;

/// Virtual time never goes past this many cycles (292 years at 1 GHz): a
/// timer deadline beyond it is one no `wfi` can wait for, and instructions
/// retired after the furthest idle skip cannot overflow the cycle count.
pub const LAST_CYCLE: u64 = u64::MAX / 2;

const MSIP: u64 = 0x0;
const MTIMECMP: u64 = 0x4000;
const MTIME: u64 = 0xbff8;

/// With the host clock, how often (in cycles) the timer is looked at.
const HOST_CLOCK_POLL_CYCLES: u64 = 10_000;
const NANOS_PER_TICK: u64 = 100;

#[derive(Default)]
pub struct Clint {
    pub msip: bool,
    pub mtimecmp: u64,
    /// Added to the time derived from cycles; changes when the guest writes `mtime`.
    mtime_offset: u64,
    /// `Some(start)`: `mtime` follows the host's clock from `start`.
    host_clock: Option<Instant>,
}

impl Clint {
    /// A CLINT whose `mtime` follows the host's wall clock.
    pub fn with_host_clock() -> Self {
        Clint { host_clock: Some(Instant::now()), ..Default::default() }
    }

    pub fn mtime(&self, now: u64) -> u64 {
        let ticks = match self.host_clock {
            Some(start) => (start.elapsed().as_nanos() / NANOS_PER_TICK as u128) as u64,
            None => now / CYCLES_PER_TICK,
        };
        ticks.wrapping_add(self.mtime_offset)
    }

    /// With the host clock: how long until `mtime` reaches `compare`.
    pub fn host_time_to(&self, compare: u64) -> Option<Duration> {
        self.host_clock?;
        let ticks = compare.checked_sub(self.mtime(0)).filter(|t| *t > 0)?;
        Some(Duration::from_nanos(ticks.saturating_mul(NANOS_PER_TICK)))
    }

    /// Machine timer interrupt line (MTIP).
    pub fn timer_pending(&self, now: u64) -> bool {
        self.mtime(now) >= self.mtimecmp
    }

    /// When `mtime` reaches `compare` (`mtimecmp`, or Sstc's `stimecmp`), if
    /// it has not yet. With the host clock the answer is only a time to look
    /// again.
    pub fn deadline_for(&self, compare: u64, now: u64) -> TimerDeadline {
        let ticks_left = match compare.checked_sub(self.mtime(now)) {
            None | Some(0) => return TimerDeadline::Pending,
            Some(ticks) => ticks,
        };
        if self.host_clock.is_some() {
            return TimerDeadline::At(now.saturating_add(HOST_CLOCK_POLL_CYCLES));
        }
        let next_tick = (now / CYCLES_PER_TICK + 1) * CYCLES_PER_TICK;
        (ticks_left - 1)
            .checked_mul(CYCLES_PER_TICK)
            .and_then(|wait| next_tick.checked_add(wait))
            .filter(|cycle| *cycle <= LAST_CYCLE)
            .map_or(TimerDeadline::Never, TimerDeadline::At)
    }
}

/// When the machine timer interrupt rises, seen from a cycle of virtual time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerDeadline {
    /// MTIP is up now.
    Pending,
    /// MTIP rises at this cycle.
    At(u64),
    /// Not within virtual time (see `LAST_CYCLE`).
    Never,
}

/// Replace the bytes `[shift/8, shift/8 + size)` of `reg` with `value`.
fn merge(reg: u64, offset_in_reg: u64, size: u64, value: u64) -> u64 {
    let shift = offset_in_reg * 8;
    let mask = if size == 8 { u64::MAX } else { ((1u64 << (size * 8)) - 1) << shift };
    (reg & !mask) | ((value << shift) & mask)
}

impl Device for Clint {
    fn device_tree(&self) -> Vec<DtNode> {
        vec![
            DtNode::new("clint")
                .with("compatible", DtValue::strings(&["sifive,clint0", "riscv,clint0"]))
                .with(
                    "interrupts-extended",
                    DtValue::U32s(vec![
                        PHANDLE_CPU_INTC,
                        IRQ_M_SOFT,
                        PHANDLE_CPU_INTC,
                        IRQ_M_TIMER,
                    ]),
                ),
        ]
    }

    /// Time starts again from zero (from now, with the host clock).
    fn reset(&mut self) {
        *self = if self.host_clock.is_some() { Clint::with_host_clock() } else { Clint::default() };
    }

    fn read(&mut self, offset: u64, size: u64, ctx: &mut DeviceCtx) -> Option<u64> {
        if !(size == 4 || size == 8) || !offset.is_multiple_of(size) {
            return None;
        }
        let (reg, base) = match offset {
            MSIP..=0x3 => (self.msip as u64, MSIP),
            MTIMECMP..=0x4007 => (self.mtimecmp, MTIMECMP),
            MTIME..=0xbfff => (self.mtime(ctx.now), MTIME),
            _ => return Some(0),
        };
        let v = reg >> ((offset - base) * 8);
        Some(if size == 4 { v & 0xffff_ffff } else { v })
    }

    fn write(&mut self, offset: u64, size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome {
        if !(size == 4 || size == 8) || !offset.is_multiple_of(size) {
            return WriteOutcome::Fault;
        }
        match offset {
            MSIP => self.msip = value & 1 != 0,
            MTIMECMP..=0x4007 => {
                self.mtimecmp = merge(self.mtimecmp, offset - MTIMECMP, size, value);
            }
            MTIME..=0xbfff => {
                let new = merge(self.mtime(ctx.now), offset - MTIME, size, value);
                let base = self.mtime(ctx.now).wrapping_sub(self.mtime_offset);
                self.mtime_offset = new.wrapping_sub(base);
            }
            _ => {}
        }
        WriteOutcome::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::Console;

    #[test]
    fn mtime_counts_ticks_and_deadline_is_exact() {
        let mut console = Console::captured();
        let mut c = Clint::default();
        let mut ctx = DeviceCtx { now: 250, console: &mut console };
        assert_eq!(c.read(MTIME, 8, &mut ctx), Some(2));
        c.write(MTIMECMP, 8, 5, &mut ctx);
        assert!(!c.timer_pending(250));
        let TimerDeadline::At(deadline) = c.deadline_for(c.mtimecmp, 250) else {
            panic!("no deadline")
        };
        assert_eq!(deadline, 500);
        assert!(!c.timer_pending(deadline - 1));
        assert!(c.timer_pending(deadline));
    }

    #[test]
    fn deadlines_beyond_virtual_time_are_never() {
        let mut c = Clint { mtimecmp: u64::MAX, ..Default::default() };
        assert_eq!(c.deadline_for(c.mtimecmp, 0), TimerDeadline::Never);
        c.mtimecmp = LAST_CYCLE / CYCLES_PER_TICK;
        assert_eq!(c.deadline_for(c.mtimecmp, 0), TimerDeadline::At(LAST_CYCLE / 100 * 100));
        c.mtimecmp = LAST_CYCLE / CYCLES_PER_TICK + 1;
        assert_eq!(c.deadline_for(c.mtimecmp, 0), TimerDeadline::Never);
        c.mtimecmp = 0;
        assert_eq!(c.deadline_for(c.mtimecmp, 0), TimerDeadline::Pending);
    }

    #[test]
    fn half_word_writes_update_one_half() {
        let mut console = Console::captured();
        let mut c = Clint::default();
        let mut ctx = DeviceCtx { now: 0, console: &mut console };
        c.write(MTIMECMP, 8, u64::MAX, &mut ctx);
        c.write(MTIMECMP + 4, 4, 0x12, &mut ctx);
        assert_eq!(c.mtimecmp, 0x12_ffff_ffff);
        assert_eq!(c.read(MTIMECMP + 4, 4, &mut ctx), Some(0x12));
    }
}
