//! The host side of the guest's console: where UART and HTIF output goes and
//! where their input comes from.
//!
//! The library talks to the host only through `HostConsole`; it never reads
//! stdin unless the embedder picks `ConsoleInput::Stdin`, and it never owns the
//! terminal (the CLI's raw-mode console with its Ctrl-A escapes implements the
//! trait on its side). Input is taken only as the guest consumes it: the
//! stdin reader hands over at most `INPUT_FIFO_BYTES` at a time, as a real
//! 16550's receive FIFO holds 16, so piping a file of any size into a guest
//! runs in constant memory.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};
use std::time::Duration;

/// Input bytes in flight between a reader thread and the guest.
pub const INPUT_FIFO_BYTES: usize = 16;

/// What a host console has for the guest right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostInput {
    /// This byte, now consumed.
    Byte(u8),
    /// Nothing yet; more may come.
    Later,
    /// Input is over: nothing will ever come.
    Ended,
}

/// The host end of the guest's console (UART and HTIF). Implement it to put
/// a guest's console somewhere else than stdout (a socket, a GUI, a test).
pub trait HostConsole {
    /// Bytes the guest wrote.
    fn write(&mut self, bytes: &[u8]);

    /// Make written bytes visible: called when the guest looks for input
    /// (so a prompt shows) and when a run returns.
    fn flush(&mut self) {}

    /// The next input byte, if one is ready. Must not block. The default
    /// console has no input.
    fn read(&mut self) -> HostInput {
        HostInput::Ended
    }

    /// Block until input may be ready, or `timeout` passes (`None`: no time
    /// limit). Called only after `read` said `Later`; `wfi` sleeps here
    /// while the guest waits for a key, so it must really block.
    fn wait(&mut self, timeout: Option<Duration>) {
        if let Some(t) = timeout {
            std::thread::sleep(t);
        }
    }

    /// Does the host want the run to stop (the CLI's Ctrl-A x)? Polled
    /// between runs of instructions; the run then returns
    /// `RunOutcome::StoppedByHost`.
    fn stop_requested(&mut self) -> bool {
        false
    }

    /// Everything written so far, for consoles that keep their output.
    fn captured(&self) -> Option<Vec<u8>> {
        None
    }
}

/// Where the built-in consoles take input from.
#[derive(Debug, Clone, Default)]
pub enum ConsoleInput {
    /// No input ever arrives.
    #[default]
    None,
    /// The host's standard input, read on a background thread once the guest
    /// first asks for input, and only as fast as the guest consumes it.
    Stdin,
    /// A fixed byte string (tests, scripted runs).
    Bytes(Vec<u8>),
}

/// A console on the host's stdout. Output is flushed at every newline, so a
/// crash loses at most a partial line.
pub struct StdioConsole {
    out: std::io::Stdout,
    input: Input,
}

enum Input {
    None,
    Stdin(Option<StdinReader>),
    Bytes(VecDeque<u8>),
}

impl Input {
    fn new(input: ConsoleInput) -> Self {
        match input {
            ConsoleInput::None => Input::None,
            ConsoleInput::Stdin => Input::Stdin(None),
            ConsoleInput::Bytes(bytes) => Input::Bytes(bytes.into()),
        }
    }

    fn read(&mut self) -> HostInput {
        match self {
            Input::None => HostInput::Ended,
            Input::Stdin(reader) => reader.get_or_insert_with(StdinReader::start).read(),
            Input::Bytes(bytes) => bytes.pop_front().map_or(HostInput::Ended, HostInput::Byte),
        }
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        match self {
            Input::Stdin(reader) => reader.get_or_insert_with(StdinReader::start).wait(timeout),
            _ => {
                if let Some(t) = timeout {
                    std::thread::sleep(t);
                }
            }
        }
    }
}

impl StdioConsole {
    /// Output to stdout, input as given.
    pub fn new(input: ConsoleInput) -> Self {
        StdioConsole { out: std::io::stdout(), input: Input::new(input) }
    }
}

impl HostConsole for StdioConsole {
    fn write(&mut self, bytes: &[u8]) {
        // A closed stdout (e.g. piped into `head`) must not stop the guest.
        let _ = self.out.write_all(bytes);
        if bytes.contains(&b'\n') {
            let _ = self.out.flush();
        }
    }

    fn flush(&mut self) {
        let _ = self.out.flush();
    }

    fn read(&mut self) -> HostInput {
        self.input.read()
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        self.input.wait(timeout);
    }
}

/// A console that keeps its output in memory (`Machine::console_output`),
/// with scripted input or none.
pub struct CapturedConsole {
    output: Vec<u8>,
    input: Input,
}

impl CapturedConsole {
    /// Output kept in memory, input as given.
    pub fn new(input: ConsoleInput) -> Self {
        CapturedConsole { output: Vec::new(), input: Input::new(input) }
    }
}

impl HostConsole for CapturedConsole {
    fn write(&mut self, bytes: &[u8]) {
        self.output.extend_from_slice(bytes);
    }

    fn read(&mut self) -> HostInput {
        self.input.read()
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        self.input.wait(timeout);
    }

    fn captured(&self) -> Option<Vec<u8>> {
        Some(self.output.clone())
    }
}

/// Standard input read on its own thread, so the guest can poll for input
/// without blocking the interpreter. The channel holds `INPUT_FIFO_BYTES`:
/// the thread blocks when the guest is not reading, and nothing piles up.
pub struct StdinReader {
    rx: Receiver<u8>,
    /// A byte `wait` received, handed out by the next `read`.
    woken_by: Option<u8>,
}

impl StdinReader {
    /// Start the reader thread.
    pub fn start() -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel(INPUT_FIFO_BYTES);
        std::thread::spawn(move || pump_stdin(tx));
        StdinReader { rx, woken_by: None }
    }

    /// The next byte, if one is ready.
    pub fn read(&mut self) -> HostInput {
        if let Some(b) = self.woken_by.take() {
            return HostInput::Byte(b);
        }
        match self.rx.try_recv() {
            Ok(b) => HostInput::Byte(b),
            Err(TryRecvError::Empty) => HostInput::Later,
            Err(TryRecvError::Disconnected) => HostInput::Ended,
        }
    }

    /// Block until a byte arrives, input ends, or `timeout` passes.
    pub fn wait(&mut self, timeout: Option<Duration>) {
        if self.woken_by.is_some() {
            return;
        }
        let got = match timeout {
            None => self.rx.recv().ok(),
            Some(t) => self.rx.recv_timeout(t).ok(),
        };
        self.woken_by = got;
    }
}

/// Copy stdin into the channel until either side closes. Reads are small,
/// so at most a few dozen bytes wait here for the guest.
fn pump_stdin(tx: SyncSender<u8>) {
    let mut stdin = std::io::stdin().lock();
    let mut buf = [0u8; 64];
    while let Ok(n) = stdin.read(&mut buf) {
        if n == 0 {
            return;
        }
        for &b in &buf[..n] {
            if tx.send(b).is_err() {
                return;
            }
        }
    }
}

/// The console as the devices see it: the host console plus the one byte of
/// lookahead the UART's "data ready" bit needs.
pub struct Console {
    host: Box<dyn HostConsole>,
    lookahead: Option<u8>,
    ended: bool,
}

/// A host console that drops output and has no input (a placeholder).
struct NullConsole;

impl HostConsole for NullConsole {
    fn write(&mut self, _: &[u8]) {}
}

/// A console with nothing behind it, to stand in while the real one is lent out.
impl Default for Console {
    fn default() -> Self {
        Console::new(Box::new(NullConsole))
    }
}

impl Console {
    /// Devices' view of `host`.
    pub fn new(host: Box<dyn HostConsole>) -> Self {
        Console { host, lookahead: None, ended: false }
    }

    /// A console that keeps its output (tests).
    #[cfg(test)]
    pub fn captured() -> Self {
        Console::new(Box::new(CapturedConsole::new(ConsoleInput::None)))
    }

    /// A console that keeps its output, with scripted input (tests).
    #[cfg(test)]
    pub fn captured_with_input(input: &[u8]) -> Self {
        Console::new(Box::new(CapturedConsole::new(ConsoleInput::Bytes(input.to_vec()))))
    }

    /// Everything written so far, for a console that keeps it.
    pub fn captured_output(&self) -> Option<Vec<u8>> {
        self.host.captured()
    }

    pub fn put_byte(&mut self, byte: u8) {
        self.host.write(&[byte]);
    }

    pub fn put_bytes(&mut self, bytes: &[u8]) {
        self.host.write(bytes);
    }

    pub fn flush(&mut self) {
        self.host.flush();
    }

    /// Is an input byte ready? Never blocks.
    pub fn input_ready(&mut self) -> bool {
        if self.lookahead.is_none() && !self.ended {
            self.host.flush();
            match self.host.read() {
                HostInput::Byte(b) => self.lookahead = Some(b),
                HostInput::Later => {}
                HostInput::Ended => self.ended = true,
            }
        }
        self.lookahead.is_some()
    }

    /// Can input still arrive?
    pub fn input_open(&self) -> bool {
        self.lookahead.is_some() || !self.ended
    }

    /// Block until an input byte is ready (`true`), input ends or the host
    /// asks to stop (`false`). This is how `wfi` sleeps while a guest waits
    /// for a key.
    pub fn wait_for_input(&mut self) -> bool {
        while !self.input_ready() {
            if self.ended || self.host.stop_requested() {
                return false;
            }
            self.host.wait(None);
        }
        true
    }

    /// Block until an input byte is ready or `timeout` passes.
    pub fn wait_for_input_until(&mut self, timeout: Duration) {
        if self.input_ready() {
            return;
        }
        if self.ended {
            std::thread::sleep(timeout);
        } else {
            self.host.wait(Some(timeout));
        }
    }

    /// Take the next input byte, if one is ready.
    pub fn take_input(&mut self) -> Option<u8> {
        self.input_ready();
        self.lookahead.take()
    }

    /// See `HostConsole::stop_requested`.
    pub fn stop_requested(&mut self) -> bool {
        self.host.stop_requested()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.host.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_input_is_taken_in_order_and_then_ends() {
        let mut c = Console::captured_with_input(b"ab");
        assert!(c.input_ready());
        assert_eq!(c.take_input(), Some(b'a'));
        assert!(c.wait_for_input());
        assert_eq!(c.take_input(), Some(b'b'));
        assert!(!c.input_ready());
        assert!(!c.input_open());
        assert!(!c.wait_for_input());
    }

    #[test]
    fn output_is_captured() {
        let mut c = Console::captured();
        c.put_bytes(b"hi");
        c.put_byte(b'\n');
        assert_eq!(c.captured_output().unwrap(), b"hi\n");
    }
}
