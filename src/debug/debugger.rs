//! The interactive debugger behind `hartsim debug`, in the spirit of
//! `spike -d`: one command in, one block of text out, so it serves a person
//! at a prompt and a script on stdin alike. Built on the public `Machine`
//! API and the shared `Checkpoints` observer.

use crate::debug::checkpoints::{Checkpoints, Hit, Watch, WatchKind};
use crate::debug::parse_number;
use crate::debug::trace::{TraceStyle, Tracer};
use crate::isa::disasm::instructions;
use crate::isa::format::{FREG_NAMES, XREG_NAMES};
use crate::isa::{Isa, disassemble};
use crate::{Machine, Privilege, RunOutcome};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What a command asks of the front end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Print this (one block; may be empty) and read the next command.
    Output(String),
    /// Leave the debugger.
    Quit,
}

/// The commands, for `help`.
pub const HELP: &str = "\
step [N]            run N instructions (default 1), printing each (alias: s)
continue            run until a breakpoint, a watchpoint or the end (alias: c)
until WHERE         run until the pc reaches WHERE
break WHERE         stop before the instruction at WHERE (alias: b)
delete [N]          delete breakpoint or watchpoint N (all without N)
watch WHERE [LEN]   stop before a store to LEN bytes (default 8) at WHERE
rwatch WHERE [LEN]  the same, for loads
info                list breakpoints and watchpoints
regs                the integer registers and pc (alias: reg NAME for one)
fregs               the floating-point registers
csr NAME            a CSR by name (mstatus, mcause, satp, ...)
set REG VALUE       write an integer or FP register, or pc
write WHERE VALUE [BYTES]  store VALUE in BYTES bytes (1, 2, 4, 8; default 8)
mem WHERE [N]       N bytes of memory (default 64), through the current translation
disasm [WHERE] [N]  N instructions (default 8) from WHERE (default: the pc)
where               the privilege mode, the pc and its symbol, the last trap
tlb                 the translations the TLBs hold (virtual page -> physical page)
quit                leave (alias: q)
WHERE is an address (0x80000010, 2147483664), a symbol (main) or symbol+offset (main+0x10).";

/// A breakpoint or a watchpoint, by number.
#[derive(Debug, Clone, Copy)]
enum Point {
    Break(u64),
    Watch(Watch),
}

/// A `Machine` under the interactive debugger's control.
pub struct Debugger {
    machine: Machine,
    points: Vec<(u32, Point)>,
    next_number: u32,
    /// The run has ended (exit or halt): nothing more can run.
    ended: Option<String>,
}

impl Debugger {
    /// Take `machine`, stopped before its next instruction.
    pub fn new(machine: Machine) -> Self {
        Debugger { machine, points: Vec::new(), next_number: 1, ended: None }
    }

    /// The machine, for a last look.
    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    /// Carry out one command line.
    pub fn execute(&mut self, line: &str) -> Reply {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((&command, args)) = words.split_first() else {
            return Reply::Output(String::new());
        };
        let result = match command {
            "q" | "quit" | "exit" => return Reply::Quit,
            "h" | "help" => Ok(HELP.to_string()),
            "s" | "step" | "si" | "stepi" => {
                self.step(args.first().map_or(Ok(1), |n| parse_count(n)).and_then(nonzero))
            }
            "c" | "continue" | "run" | "r" => self.run(None),
            "until" => {
                self.one_arg(args).and_then(|a| self.target(a)).and_then(|t| self.run(Some(t)))
            }
            "b" | "break" => {
                self.one_arg(args).and_then(|a| self.target(a)).map(|t| self.add_break(t))
            }
            "watch" => self.add_watch(args, WatchKind::Write),
            "rwatch" => self.add_watch(args, WatchKind::Read),
            "delete" | "d" => self.delete(args),
            "info" | "breakpoints" => Ok(self.list_points()),
            "regs" => Ok(self.regs()),
            "reg" => self.one_arg(args).and_then(|name| self.reg(name)),
            "fregs" => Ok(self.fregs()),
            "csr" => self.one_arg(args).and_then(|name| {
                self.machine
                    .csr_by_name(name)
                    .map(|v| format!("{name} = {v:#x}"))
                    .map_err(|e| e.to_string())
            }),
            "mem" | "x" => self.mem(args),
            "set" => self.set(args),
            "write" => self.write(args),
            "disasm" | "l" => self.disasm(args),
            "where" | "pc" => Ok(self.where_line()),
            "tlb" => Ok(self.tlb()),
            _ => Err(format!("unknown command `{command}` (help lists them)")),
        };
        Reply::Output(result.unwrap_or_else(|e| format!("error: {e}")))
    }

    fn one_arg<'a>(&self, args: &[&'a str]) -> Result<&'a str, String> {
        match args {
            [one] => Ok(one),
            [] => Err("an argument is missing".into()),
            _ => Err("too many arguments".into()),
        }
    }

    /// An address, a symbol, or symbol+offset.
    fn target(&self, text: &str) -> Result<u64, String> {
        if let Some(n) = parse_number(text) {
            return Ok(n);
        }
        let (name, offset) = match text.split_once('+') {
            Some((name, off)) => {
                (name, parse_number(off).ok_or_else(|| format!("bad offset in `{text}`"))?)
            }
            None => (text, 0),
        };
        self.machine
            .symbols()
            .address_of(name)
            .map(|a| a.wrapping_add(offset))
            .ok_or_else(|| format!("no symbol `{name}` and not a number"))
    }

    /// `addr` as `symbol+0xoff`, if a symbol is near.
    fn label(&self, addr: u64) -> String {
        match self.machine.symbols().near(addr) {
            Some((name, 0)) => format!(" <{name}>"),
            Some((name, off)) => format!(" <{name}+{off:#x}>"),
            None => String::new(),
        }
    }

    fn where_line(&self) -> String {
        let m = &self.machine;
        let mode = match m.privilege() {
            Privilege::Machine => "M",
            Privilege::Supervisor => "S",
            Privilege::User => "U",
        };
        let mut text = format!(
            "{mode}-mode, pc {:#x}{}, {} instructions retired",
            m.pc(),
            self.label(m.pc()),
            m.retired()
        );
        if let Some(t) = m.last_trap() {
            let _ = write!(
                text,
                "\nlast trap: {} at pc {:#x}{}, tval {:#x}",
                t.describe(),
                t.epc,
                self.label(t.epc),
                t.tval
            );
        }
        if let Some(end) = &self.ended {
            let _ = write!(text, "\nthe program has ended: {end}");
        }
        text
    }

    fn step(&mut self, count: Result<u64, String>) -> Result<String, String> {
        let count = count?;
        self.ensure_running()?;
        let mut trace = Vec::new();
        let symbols = self.machine.symbols().clone();
        let no_points = BTreeSet::new();
        let mut checks = Checkpoints {
            steps: Some(count),
            skip_breakpoint_at_start: true,
            tracer: Some(Tracer::new(&mut trace, TraceStyle::Annotated, &symbols)),
            ..Checkpoints::new(&no_points, &[])
        };
        let outcome = self.machine.run_observed(None, &mut checks);
        let hit = checks.hit;
        let mut text = String::from_utf8_lossy(&trace).into_owned();
        text.push_str(&self.after_run(outcome, hit));
        Ok(text)
    }

    fn run(&mut self, until: Option<u64>) -> Result<String, String> {
        self.ensure_running()?;
        let mut breakpoints: BTreeSet<u64> = self
            .points
            .iter()
            .filter_map(|(_, p)| if let Point::Break(a) = p { Some(*a) } else { None })
            .collect();
        breakpoints.extend(until);
        let watchpoints: Vec<Watch> = self
            .points
            .iter()
            .filter_map(|(_, p)| if let Point::Watch(w) = p { Some(*w) } else { None })
            .collect();
        let mut checks = Checkpoints {
            skip_breakpoint_at_start: true,
            ..Checkpoints::new(&breakpoints, &watchpoints)
        };
        let outcome = self.machine.run_observed(None, &mut checks);
        let hit = checks.hit;
        Ok(self.after_run(outcome, hit))
    }

    fn ensure_running(&self) -> Result<(), String> {
        match &self.ended {
            Some(end) => Err(format!("the program has ended ({end})")),
            None => Ok(()),
        }
    }

    /// What a run's end means, as the last lines of its block.
    fn after_run(&mut self, outcome: RunOutcome, hit: Option<Hit>) -> String {
        let pc = self.machine.pc();
        let at = format!("pc {pc:#x}{}", self.label(pc));
        match (outcome, hit) {
            (_, Some(Hit::Stepped)) => format!("stopped at {at}"),
            (_, Some(Hit::Breakpoint)) => format!("breakpoint: stopped at {at}"),
            (_, Some(Hit::Watch { kind, addr })) => {
                let what = if kind == WatchKind::Read { "load from" } else { "store to" };
                format!("watchpoint: the next instruction will {what} {addr:#x}; stopped at {at}")
            }
            (RunOutcome::Exited(code), None) => {
                let end = format!("exited with code {code}");
                self.ended = Some(end.clone());
                format!("the program {end}")
            }
            (RunOutcome::Halted { reason, .. }, None) => {
                let end = format!("halted at {at}: {reason}");
                self.ended = Some(end.clone());
                format!("the program {end}")
            }
            (RunOutcome::StoppedByHost, None) => format!("interrupted at {at}"),
            (RunOutcome::InsnLimit | RunOutcome::StoppedByObserver(_), None) => {
                format!("stopped at {at}")
            }
        }
    }

    fn add_break(&mut self, addr: u64) -> String {
        let n = self.next_number;
        self.next_number += 1;
        self.points.push((n, Point::Break(addr)));
        format!("breakpoint {n} at {addr:#x}{}", self.label(addr))
    }

    fn add_watch(&mut self, args: &[&str], kind: WatchKind) -> Result<String, String> {
        let (addr, len) = match args {
            [at] => (self.target(at)?, 8),
            [at, len] => (self.target(at)?, parse_count(len).and_then(nonzero)?),
            _ => return Err("watch WHERE [LEN]".into()),
        };
        let n = self.next_number;
        self.next_number += 1;
        self.points.push((n, Point::Watch(Watch { addr, len, kind })));
        Ok(format!("watchpoint {n} on {len} bytes at {addr:#x}{}", self.label(addr)))
    }

    fn delete(&mut self, args: &[&str]) -> Result<String, String> {
        match args {
            [] => {
                let n = self.points.len();
                self.points.clear();
                Ok(format!("deleted all ({n})"))
            }
            [n] => {
                let n: u32 = n.parse().map_err(|_| format!("not a number: {n}"))?;
                let before = self.points.len();
                self.points.retain(|(m, _)| *m != n);
                if self.points.len() == before {
                    Err(format!("no breakpoint or watchpoint {n}"))
                } else {
                    Ok(format!("deleted {n}"))
                }
            }
            _ => Err("delete [N]".into()),
        }
    }

    fn list_points(&self) -> String {
        if self.points.is_empty() {
            return "no breakpoints or watchpoints".into();
        }
        let mut text = String::new();
        for (n, point) in &self.points {
            let _ = match point {
                Point::Break(a) => writeln!(text, "{n}: breakpoint at {a:#x}{}", self.label(*a)),
                Point::Watch(w) => writeln!(
                    text,
                    "{n}: {} watchpoint on {} bytes at {:#x}{}",
                    if w.kind == WatchKind::Read { "read" } else { "write" },
                    w.len,
                    w.addr,
                    self.label(w.addr)
                ),
            };
        }
        text.pop();
        text
    }

    fn regs(&self) -> String {
        let m = &self.machine;
        let mut text = format!("pc   {:#018x}{}\n", m.pc(), self.label(m.pc()));
        for row in 0..8 {
            for col in 0..4 {
                let n = row * 4 + col;
                let _ = write!(text, "{:<4} {:#018x}  ", XREG_NAMES[n], m.x(n).unwrap_or(0));
            }
            text.truncate(text.trim_end().len());
            text.push('\n');
        }
        text.pop();
        text
    }

    fn reg(&self, name: &str) -> Result<String, String> {
        let m = &self.machine;
        if name == "pc" {
            return Ok(format!("pc = {:#x}{}", m.pc(), self.label(m.pc())));
        }
        if let Some(n) = register_number(&XREG_NAMES, 'x', name) {
            let v = m.x(n).map_err(|e| e.to_string())?;
            return Ok(format!("{name} = {v:#x} ({})", v as i64));
        }
        if let Some(n) = register_number(&FREG_NAMES, 'f', name) {
            let v = m.f(n).map_err(|e| e.to_string())?;
            return Ok(format!("{name} = {v:#018x} ({})", f64::from_bits(v)));
        }
        Err(format!("no register `{name}` (csr NAME reads CSRs)"))
    }

    fn set(&mut self, args: &[&str]) -> Result<String, String> {
        let [name, value] = args else { return Err("set REG VALUE".into()) };
        let value = parse_number(value)
            .or_else(|| value.parse::<i64>().ok().map(|v| v as u64))
            .ok_or_else(|| format!("not a number: {value}"))?;
        let m = &mut self.machine;
        let done = if *name == "pc" {
            m.set_pc(value)
        } else if let Some(n) = register_number(&XREG_NAMES, 'x', name) {
            m.set_x(n, value)
        } else if let Some(n) = register_number(&FREG_NAMES, 'f', name) {
            m.set_f(n, value)
        } else {
            return Err(format!("no register `{name}`"));
        };
        done.map_err(|e| e.to_string())?;
        self.reg(name)
    }

    fn write(&mut self, args: &[&str]) -> Result<String, String> {
        let (at, value, bytes) = match args {
            [at, value] => (at, value, 8),
            [at, value, bytes] => (at, value, parse_count(bytes)?),
            _ => return Err("write WHERE VALUE [BYTES]".into()),
        };
        if ![1, 2, 4, 8].contains(&bytes) {
            return Err("BYTES is 1, 2, 4 or 8".into());
        }
        let addr = self.target(at)?;
        let value = parse_count(value)?;
        let data = &value.to_le_bytes()[..bytes as usize];
        self.machine.write_virt(addr, data).map_err(|e| e.to_string())?;
        Ok(format!("wrote {value:#x} to {bytes} bytes at {addr:#x}{}", self.label(addr)))
    }

    fn tlb(&self) -> String {
        let entries = self.machine.tlb_entries();
        let mut text = format!("{} entries", entries.len());
        for (tlb, vpage, ppage) in entries {
            let _ = write!(text, "\n{tlb:<5} {vpage:#x} -> {ppage:#x}");
        }
        text
    }

    fn fregs(&self) -> String {
        let m = &self.machine;
        let mut text = String::new();
        for (n, name) in FREG_NAMES.iter().enumerate() {
            let v = m.f(n).unwrap_or(0);
            let _ = writeln!(text, "{name:<5} {v:#018x}  {}", f64::from_bits(v));
        }
        text.pop();
        text
    }

    fn mem(&self, args: &[&str]) -> Result<String, String> {
        let (addr, len) = match args {
            [at] => (self.target(at)?, 64),
            [at, n] => (self.target(at)?, parse_count(n)?.min(4096)),
            _ => return Err("mem WHERE [N]".into()),
        };
        let mut text = String::new();
        for line in (0..len).step_by(16) {
            let start = addr.wrapping_add(line);
            let _ = write!(text, "{start:#018x}:");
            for i in 0..16.min(len - line) {
                let mut byte = [0u8];
                match self.machine.read_virt(start.wrapping_add(i), &mut byte) {
                    Ok(()) => write!(text, " {:02x}", byte[0]),
                    Err(_) => write!(text, " --"),
                }
                .ok();
            }
            text.push('\n');
        }
        text.pop();
        Ok(text)
    }

    fn disasm(&self, args: &[&str]) -> Result<String, String> {
        let (addr, count) = match args {
            [] => (self.machine.pc(), 8),
            [at] => (self.target(at)?, 8),
            [at, n] => (self.target(at)?, parse_count(n)?.min(1000)),
            _ => return Err("disasm [WHERE] [N]".into()),
        };
        let mut code = Vec::new();
        for i in 0..count * 4 {
            let mut byte = [0u8];
            if self.machine.read_virt(addr.wrapping_add(i), &mut byte).is_err() {
                break;
            }
            code.push(byte[0]);
        }
        if code.len() < 2 {
            return Err(format!("no memory to read at {addr:#x}"));
        }
        let symbols = self.machine.symbols();
        let mut text = String::new();
        for listed in instructions(&code, addr, Isa::full().exts).take(count as usize) {
            let marker = if listed.pc == self.machine.pc() { "=>" } else { "  " };
            let body = disassemble(&listed.insn, listed.pc, &|a| symbols.label(a));
            let _ = writeln!(text, "{marker} {:#x}{}:\t{body}", listed.pc, self.label(listed.pc));
        }
        text.pop();
        Ok(text)
    }
}

/// The number of register `name`: its ABI name, or `x5`/`f5` style.
fn register_number(names: &[&str; 32], prefix: char, name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name).or_else(|| {
        name.strip_prefix(prefix).and_then(|d| d.parse().ok()).filter(|&n: &usize| n < 32)
    })
}

fn parse_count(text: &str) -> Result<u64, String> {
    parse_number(text).ok_or_else(|| format!("not a number: {text}"))
}

fn nonzero(n: u64) -> Result<u64, String> {
    if n == 0 { Err("the count must be at least 1".into()) } else { Ok(n) }
}
