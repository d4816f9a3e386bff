//! `monitor` commands: what GDB cannot show of hartsim's machine.

use super::Debuggee;
use crate::debug::parse_number;
use gdbstub::target::ext::monitor_cmd::{ConsoleOutput, MonitorCmd, outputln};

const MONITOR_HELP: &str = "hartsim monitor commands:
  insns              instructions retired so far
  mode               privilege mode and satp
  translate VADDR    the physical address a load from VADDR uses now
  tlb                the translations the TLBs hold
  trace on|off       print every instruction on hartsim's stderr while running
  why                why the program last stopped, and the last trap
  help               this list";

impl MonitorCmd for Debuggee {
    fn handle_monitor_cmd(&mut self, cmd: &[u8], mut out: ConsoleOutput<'_>) -> Result<(), String> {
        let text = String::from_utf8_lossy(cmd);
        let words: Vec<&str> = text.split_whitespace().collect();
        let m = &self.machine;
        match words.as_slice() {
            ["insns"] => outputln!(out, "{} instructions retired", m.retired()),
            ["mode"] => outputln!(
                out,
                "{:?} mode, satp {:#x}",
                m.privilege(),
                m.csr_by_name("satp").unwrap_or(0)
            ),
            ["translate", addr] => match parse_number(addr) {
                Some(vaddr) => match m.translate(vaddr) {
                    Ok(paddr) => outputln!(out, "{vaddr:#x} -> {paddr:#x}"),
                    Err(e) => outputln!(out, "{vaddr:#x}: {e}"),
                },
                None => outputln!(out, "not an address: {addr}"),
            },
            ["trace", "on"] => {
                self.trace = true;
                outputln!(out, "tracing on (hartsim's stderr)");
            }
            ["trace", "off"] => {
                self.trace = false;
                outputln!(out, "tracing off");
            }
            ["tlb"] => {
                let entries = m.tlb_entries();
                outputln!(out, "{} entries (TLB: virtual page -> physical page)", entries.len());
                for (tlb, vpage, ppage) in entries {
                    outputln!(out, "{tlb:<5} {vpage:#x} -> {ppage:#x}");
                }
            }
            ["why"] => outputln!(out, "{}", self.describe_last_stop()),
            [] | ["help"] => outputln!(out, "{MONITOR_HELP}"),
            _ => outputln!(out, "unknown command: {text}\n{MONITOR_HELP}"),
        }
        Ok(())
    }
}
