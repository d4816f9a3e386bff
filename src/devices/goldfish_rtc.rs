//! The Goldfish real-time clock (QEMU `virt` at 0x101000, PLIC source 11),
//! which Linux's `rtc-goldfish` driver reads for the date: nanoseconds since
//! 1970 in two 32-bit halves (reading the low half latches the high half),
//! an alarm and its interrupt. With the host clock the time is the host's;
//! otherwise it is virtual, so runs stay the same: a fixed date plus one
//! nanosecond per cycle of virtual time (the nominal 1 GHz of `mtime`'s
//! 100 instructions per 10 MHz tick).

use super::{Device, DeviceCtx, DtNode, DtValue, WriteOutcome};
use std::time::SystemTime;

/// The date virtual time starts at: 2026-01-01 00:00:00 UTC.
const VIRTUAL_EPOCH_NS: u64 = 1_767_225_600 * 1_000_000_000;

const TIME_LOW: u64 = 0x00;
const TIME_HIGH: u64 = 0x04;
const ALARM_LOW: u64 = 0x08;
const ALARM_HIGH: u64 = 0x0c;
const IRQ_ENABLED: u64 = 0x10;
const CLEAR_ALARM: u64 = 0x14;
const ALARM_STATUS: u64 = 0x18;
const CLEAR_INTERRUPT: u64 = 0x1c;

/// The clock's registers.
pub struct GoldfishRtc {
    host_clock: bool,
    /// What the guest set minus what the clock says (the guest may set the date).
    offset: i64,
    latched_high: u32,
    alarm_high: u32,
    alarm: Option<u64>,
    irq_enabled: bool,
    fired: bool,
}

impl GoldfishRtc {
    /// A clock on the host's time (`true`) or on virtual time.
    pub fn new(host_clock: bool) -> Self {
        GoldfishRtc {
            host_clock,
            offset: 0,
            latched_high: 0,
            alarm_high: 0,
            alarm: None,
            irq_enabled: false,
            fired: false,
        }
    }

    /// Nanoseconds since 1970 by the clock itself (before the guest's setting).
    fn clock(&self, ctx: &DeviceCtx) -> u64 {
        if self.host_clock {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        } else {
            VIRTUAL_EPOCH_NS.wrapping_add(ctx.now)
        }
    }

    /// Nanoseconds since 1970, as the guest sees them.
    fn now(&self, ctx: &DeviceCtx) -> u64 {
        self.clock(ctx).wrapping_add_signed(self.offset)
    }

    fn check_alarm(&mut self, ctx: &DeviceCtx) {
        if self.alarm.is_some_and(|at| self.now(ctx) >= at) {
            self.alarm = None;
            self.fired = true;
        }
    }
}

impl Device for GoldfishRtc {
    fn device_tree(&self) -> Vec<DtNode> {
        vec![DtNode::new("rtc").with("compatible", DtValue::String("google,goldfish-rtc".into()))]
    }

    fn read(&mut self, offset: u64, size: u64, ctx: &mut DeviceCtx) -> Option<u64> {
        if size != 4 {
            return None;
        }
        self.check_alarm(ctx);
        Some(match offset {
            TIME_LOW => {
                let now = self.now(ctx);
                self.latched_high = (now >> 32) as u32;
                now & 0xffff_ffff
            }
            TIME_HIGH => u64::from(self.latched_high),
            ALARM_LOW => self.alarm.map_or(0, |a| a & 0xffff_ffff),
            ALARM_HIGH => u64::from(self.alarm_high),
            IRQ_ENABLED => u64::from(self.irq_enabled),
            ALARM_STATUS => u64::from(self.alarm.is_some()),
            _ => 0,
        })
    }

    fn write(&mut self, offset: u64, size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome {
        if size != 4 {
            return WriteOutcome::Fault;
        }
        let value = value & 0xffff_ffff;
        match offset {
            // Setting the time: the high half is written first, the low
            // half completes it (as Linux's driver does).
            TIME_HIGH => self.latched_high = value as u32,
            TIME_LOW => {
                let wanted = u64::from(self.latched_high) << 32 | value;
                self.offset = wanted.wrapping_sub(self.clock(ctx)) as i64;
            }
            ALARM_HIGH => self.alarm_high = value as u32,
            ALARM_LOW => {
                self.alarm = Some(u64::from(self.alarm_high) << 32 | value);
                self.check_alarm(ctx);
            }
            IRQ_ENABLED => self.irq_enabled = value & 1 != 0,
            CLEAR_ALARM => self.alarm = None,
            CLEAR_INTERRUPT => self.fired = false,
            _ => {}
        }
        WriteOutcome::Done
    }

    fn interrupt_level(&mut self, ctx: &mut DeviceCtx) -> bool {
        self.check_alarm(ctx);
        self.fired && self.irq_enabled
    }

    fn reset(&mut self) {
        *self = GoldfishRtc::new(self.host_clock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::Console;

    fn read(rtc: &mut GoldfishRtc, now: u64, offset: u64) -> u64 {
        let mut console = Console::captured();
        rtc.read(offset, 4, &mut DeviceCtx { now, console: &mut console }).unwrap()
    }

    fn write(rtc: &mut GoldfishRtc, now: u64, offset: u64, value: u64) {
        let mut console = Console::captured();
        rtc.write(offset, 4, value, &mut DeviceCtx { now, console: &mut console });
    }

    #[test]
    fn virtual_time_is_a_fixed_date_plus_cycles_and_can_be_set() {
        let mut rtc = GoldfishRtc::new(false);
        let low = read(&mut rtc, 1000, TIME_LOW);
        let high = read(&mut rtc, 5000, TIME_HIGH);
        assert_eq!(high << 32 | low, VIRTUAL_EPOCH_NS + 1000, "the high half is latched");
        let date = 2_000_000_000u64 * 1_000_000_000;
        write(&mut rtc, 2000, TIME_HIGH, date >> 32);
        write(&mut rtc, 2000, TIME_LOW, date & 0xffff_ffff);
        let low = read(&mut rtc, 2500, TIME_LOW);
        assert_eq!(read(&mut rtc, 2500, TIME_HIGH) << 32 | low, date + 500);
    }

    #[test]
    fn the_alarm_raises_the_line_when_enabled() {
        let mut rtc = GoldfishRtc::new(false);
        let at = VIRTUAL_EPOCH_NS + 10_000;
        write(&mut rtc, 0, IRQ_ENABLED, 1);
        write(&mut rtc, 0, ALARM_HIGH, at >> 32);
        write(&mut rtc, 0, ALARM_LOW, at & 0xffff_ffff);
        let mut console = Console::captured();
        let mut level = |now| rtc.interrupt_level(&mut DeviceCtx { now, console: &mut console });
        assert!(!level(9_999));
        assert!(level(10_000));
        write(&mut rtc, 10_000, CLEAR_INTERRUPT, 1);
        assert!(
            !rtc.interrupt_level(&mut DeviceCtx { now: 20_000, console: &mut Console::captured() })
        );
    }
}
