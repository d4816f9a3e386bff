//! PLIC (platform-level interrupt controller) with QEMU `virt`'s layout for one
//! hart: sources 1..95 with 3-bit priorities, a pending array, and two
//! contexts (0 = M-mode, 1 = S-mode) each with enables, a threshold and a
//! claim/complete register. Sources are level-triggered: a source is pending
//! while its line is high and it is not claimed.

use super::{Device, DeviceCtx, DtNode, DtValue, WriteOutcome};
use super::{IRQ_M_EXT, IRQ_S_EXT, PHANDLE_CPU_INTC, PHANDLE_PLIC};

const SOURCES: usize = 96;
/// The highest source number a device may use.
pub const LAST_SOURCE: u32 = SOURCES as u32 - 1;
const CONTEXTS: usize = 2;
const PRIORITY_MASK: u32 = 7;
const PENDING_BASE: u64 = 0x1000;
const ENABLE_BASE: u64 = 0x2000;
const ENABLE_STRIDE: u64 = 0x80;
const CONTEXT_BASE: u64 = 0x20_0000;
const CONTEXT_STRIDE: u64 = 0x1000;

#[derive(Default)]
pub struct Plic {
    priority: Vec<u32>,
    /// Input line levels, one bit per source.
    lines: u128,
    pending: u128,
    /// Claimed and not yet completed.
    in_flight: u128,
    enable: [u128; CONTEXTS],
    threshold: [u32; CONTEXTS],
}

impl Plic {
    pub fn new() -> Self {
        Plic { priority: vec![0; SOURCES], ..Default::default() }
    }

    /// Drive source `source`'s interrupt line.
    pub fn set_line(&mut self, source: usize, high: bool) {
        let bit = 1u128 << source;
        if high {
            self.lines |= bit;
        } else {
            self.lines &= !bit;
        }
        self.update_pending();
    }

    fn update_pending(&mut self) {
        // Level-triggered gateways: pending follows the line unless claimed.
        self.pending = self.lines & !self.in_flight & !1;
    }

    /// The best source `context` may claim: highest priority above its threshold.
    fn best(&self, context: usize) -> Option<usize> {
        let candidates = self.pending & self.enable[context];
        (1..SOURCES)
            .filter(|&s| candidates >> s & 1 != 0 && self.priority[s] > self.threshold[context])
            .max_by_key(|&s| (self.priority[s], std::cmp::Reverse(s)))
    }

    /// The interrupt line to the hart for `context` (0 = MEIP, 1 = SEIP).
    pub fn interrupt_pending(&self, context: usize) -> bool {
        self.best(context).is_some()
    }

    fn claim(&mut self, context: usize) -> u32 {
        match self.best(context) {
            Some(s) => {
                self.in_flight |= 1 << s;
                self.update_pending();
                s as u32
            }
            None => 0,
        }
    }

    fn complete(&mut self, context: usize, source: u32) {
        let s = source as usize;
        if s < SOURCES && self.enable[context] >> s & 1 != 0 {
            self.in_flight &= !(1u128 << s);
            self.update_pending();
        }
    }

    fn word_of(bits: u128, index: u64) -> u32 {
        (bits >> (32 * index)) as u32
    }
}

impl Device for Plic {
    fn device_tree(&self) -> Vec<DtNode> {
        vec![
            DtNode::new("plic")
                .with("compatible", DtValue::strings(&["sifive,plic-1.0.0", "riscv,plic0"]))
                .with("#address-cells", DtValue::U32(0))
                .with("#interrupt-cells", DtValue::U32(1))
                .with("interrupt-controller", DtValue::Empty)
                .with("riscv,ndev", DtValue::U32(LAST_SOURCE))
                .with(
                    "interrupts-extended",
                    DtValue::U32s(vec![PHANDLE_CPU_INTC, IRQ_M_EXT, PHANDLE_CPU_INTC, IRQ_S_EXT]),
                )
                .with("phandle", DtValue::U32(PHANDLE_PLIC)),
        ]
    }

    /// Lines stay as the devices drive them; everything else starts afresh.
    fn reset(&mut self) {
        *self = Plic { lines: self.lines, ..Plic::new() };
        self.update_pending();
    }

    fn read(&mut self, offset: u64, size: u64, _: &mut DeviceCtx) -> Option<u64> {
        if size != 4 || !offset.is_multiple_of(4) {
            return None;
        }
        let v = match offset {
            o if o < PENDING_BASE => *self.priority.get((o / 4) as usize).unwrap_or(&0),
            o if o < PENDING_BASE + 12 => Self::word_of(self.pending, (o - PENDING_BASE) / 4),
            o if (ENABLE_BASE..ENABLE_BASE + ENABLE_STRIDE * CONTEXTS as u64).contains(&o) => {
                let (ctx, word) =
                    ((o - ENABLE_BASE) / ENABLE_STRIDE, (o - ENABLE_BASE) % ENABLE_STRIDE / 4);
                if word < 3 { Self::word_of(self.enable[ctx as usize], word) } else { 0 }
            }
            o if o >= CONTEXT_BASE && o < CONTEXT_BASE + CONTEXT_STRIDE * CONTEXTS as u64 => {
                let ctx = ((o - CONTEXT_BASE) / CONTEXT_STRIDE) as usize;
                match (o - CONTEXT_BASE) % CONTEXT_STRIDE {
                    0 => self.threshold[ctx],
                    4 => self.claim(ctx),
                    _ => 0,
                }
            }
            _ => 0,
        };
        Some(v as u64)
    }

    fn write(&mut self, offset: u64, size: u64, value: u64, _: &mut DeviceCtx) -> WriteOutcome {
        if size != 4 || !offset.is_multiple_of(4) {
            return WriteOutcome::Fault;
        }
        let v = value as u32;
        match offset {
            o if o < PENDING_BASE => {
                if let Some(p) = self.priority.get_mut((o / 4) as usize) {
                    *p = if o == 0 { 0 } else { v & PRIORITY_MASK };
                }
            }
            o if (ENABLE_BASE..ENABLE_BASE + ENABLE_STRIDE * CONTEXTS as u64).contains(&o) => {
                let (ctx, word) =
                    ((o - ENABLE_BASE) / ENABLE_STRIDE, (o - ENABLE_BASE) % ENABLE_STRIDE / 4);
                if word < 3 {
                    let shift = 32 * word;
                    let mask = (0xffff_ffffu128 << shift) & !1;
                    let e = &mut self.enable[ctx as usize];
                    *e = (*e & !mask) | (((v as u128) << shift) & mask);
                }
            }
            o if o >= CONTEXT_BASE && o < CONTEXT_BASE + CONTEXT_STRIDE * CONTEXTS as u64 => {
                let ctx = ((o - CONTEXT_BASE) / CONTEXT_STRIDE) as usize;
                match (o - CONTEXT_BASE) % CONTEXT_STRIDE {
                    0 => self.threshold[ctx] = v & PRIORITY_MASK,
                    4 => self.complete(ctx, v),
                    _ => {}
                }
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
    fn claim_complete_and_threshold() {
        let mut console = Console::captured();
        let mut ctx = DeviceCtx { now: 0, console: &mut console };
        let mut p = Plic::new();
        p.write(4 * 10, 4, 3, &mut ctx); // priority of source 10
        p.write(ENABLE_BASE + ENABLE_STRIDE, 4, 1 << 10, &mut ctx); // S context
        p.set_line(10, true);
        assert!(p.interrupt_pending(1));
        assert!(!p.interrupt_pending(0), "not enabled for M");
        p.write(CONTEXT_BASE + CONTEXT_STRIDE, 4, 3, &mut ctx); // threshold 3 masks priority 3
        assert!(!p.interrupt_pending(1));
        p.write(CONTEXT_BASE + CONTEXT_STRIDE, 4, 2, &mut ctx);
        assert_eq!(p.read(CONTEXT_BASE + CONTEXT_STRIDE + 4, 4, &mut ctx), Some(10));
        assert!(!p.interrupt_pending(1), "claimed");
        assert_eq!(p.read(CONTEXT_BASE + CONTEXT_STRIDE + 4, 4, &mut ctx), Some(0));
        p.write(CONTEXT_BASE + CONTEXT_STRIDE + 4, 4, 10, &mut ctx);
        assert!(p.interrupt_pending(1), "line still high: pending again");
        p.set_line(10, false);
        assert!(!p.interrupt_pending(1));
    }
}
