//! The host side of the guest's console: where UART and HTIF output goes and
//! where their input comes from. Output is flushed at every newline and
//! whenever the guest looks for input, so an interactive prompt shows up and a
//! crash loses at most a partial line.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use super::terminal::{self, EscapeAction};

/// Where console input comes from.
#[derive(Debug, Clone, Default)]
pub enum ConsoleInput {
    /// The host's standard input, read on a background thread once the guest
    /// first asks for input.
    #[default]
    Stdin,
    /// The host's terminal in raw mode (see `terminal`): read from the start,
    /// with the Ctrl-A escapes handled on the reading thread.
    Terminal,
    /// A fixed byte string (tests, scripted runs).
    Bytes(Vec<u8>),
    /// No input ever arrives.
    None,
}

enum Output {
    Stdout(std::io::Stdout),
    Captured(Arc<Mutex<Vec<u8>>>),
}

pub struct Console {
    output: Output,
    input: ConsoleInput,
    stdin_rx: Option<Receiver<u8>>,
    pending: VecDeque<u8>,
}

impl Console {
    /// A console on the host's stdout and the given input.
    pub fn stdio(input: ConsoleInput) -> Self {
        Console::with_output(Output::Stdout(std::io::stdout()), input)
    }

    /// A console whose output is kept in memory (see `captured_output`).
    pub fn captured() -> Self {
        Console::with_output(Output::Captured(Arc::default()), ConsoleInput::None)
    }

    /// Like `captured`, with scripted input.
    pub fn captured_with_input(input: &[u8]) -> Self {
        Console::with_output(Output::Captured(Arc::default()), ConsoleInput::Bytes(input.to_vec()))
    }

    fn with_output(output: Output, input: ConsoleInput) -> Self {
        let pending = match &input {
            ConsoleInput::Bytes(b) => b.iter().copied().collect(),
            _ => VecDeque::new(),
        };
        // The terminal is read from the start so Ctrl-A x works even when the
        // guest never reads input.
        let stdin_rx = matches!(input, ConsoleInput::Terminal).then(|| spawn_stdin_reader(true));
        Console { output, input, stdin_rx, pending }
    }

    fn reads_stdin(&self) -> bool {
        matches!(self.input, ConsoleInput::Stdin | ConsoleInput::Terminal)
    }

    /// Everything written so far, for a captured console.
    pub fn captured_output(&self) -> Option<Vec<u8>> {
        match &self.output {
            Output::Captured(buf) => Some(buf.lock().map(|b| b.clone()).unwrap_or_default()),
            Output::Stdout(_) => None,
        }
    }

    pub fn put_byte(&mut self, byte: u8) {
        self.put_bytes(&[byte]);
    }

    pub fn put_bytes(&mut self, bytes: &[u8]) {
        match &mut self.output {
            Output::Stdout(out) => {
                // A closed stdout (e.g. piped into `head`) must not stop the guest.
                let _ = out.write_all(bytes);
                if bytes.contains(&b'\n') {
                    let _ = out.flush();
                }
            }
            Output::Captured(buf) => {
                if let Ok(mut b) = buf.lock() {
                    b.extend_from_slice(bytes);
                }
            }
        }
    }

    pub fn flush(&mut self) {
        if let Output::Stdout(out) = &mut self.output {
            let _ = out.flush();
        }
    }

    /// Is an input byte ready? Never blocks.
    pub fn input_ready(&mut self) -> bool {
        self.flush();
        self.fill_from_stdin();
        !self.pending.is_empty()
    }

    /// Can input still arrive?
    pub fn input_open(&self) -> bool {
        !self.pending.is_empty() || self.reads_stdin()
    }

    /// Block until an input byte is ready; `false` if input has ended.
    /// This is how `wfi` sleeps while a guest waits for a key.
    pub fn wait_for_input(&mut self) -> bool {
        self.flush();
        if self.input_ready() {
            return true;
        }
        if !self.reads_stdin() {
            return false;
        }
        let rx = self.stdin_rx.get_or_insert_with(|| spawn_stdin_reader(false));
        match rx.recv() {
            Ok(b) => {
                self.pending.push_back(b);
                true
            }
            Err(_) => {
                self.input = ConsoleInput::None;
                false
            }
        }
    }

    /// Block until an input byte is ready or `timeout` passes.
    pub fn wait_for_input_until(&mut self, timeout: std::time::Duration) {
        self.flush();
        if self.input_ready() || !self.reads_stdin() {
            if !self.reads_stdin() {
                std::thread::sleep(timeout);
            }
            return;
        }
        let rx = self.stdin_rx.get_or_insert_with(|| spawn_stdin_reader(false));
        match rx.recv_timeout(timeout) {
            Ok(b) => self.pending.push_back(b),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                self.input = ConsoleInput::None;
            }
        }
    }

    /// Take the next input byte, if one is ready.
    pub fn take_input(&mut self) -> Option<u8> {
        self.fill_from_stdin();
        self.pending.pop_front()
    }

    fn fill_from_stdin(&mut self) {
        if !self.reads_stdin() {
            return;
        }
        let rx = self.stdin_rx.get_or_insert_with(|| spawn_stdin_reader(false));
        loop {
            match rx.try_recv() {
                Ok(b) => self.pending.push_back(b),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.input = ConsoleInput::None;
                    break;
                }
            }
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Reads stdin on its own thread, so the guest can poll for input without
/// ever blocking the interpreter. With `escapes`, Ctrl-A sequences are
/// handled here (see `terminal`) and never reach the guest.
fn spawn_stdin_reader(escapes: bool) -> Receiver<u8> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 256];
        let mut after_escape = false;
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
            for &b in &buf[..n] {
                let byte = if !escapes {
                    Some(b)
                } else if after_escape {
                    after_escape = false;
                    match terminal::escape_action(b) {
                        EscapeAction::Send(b) => Some(b),
                        EscapeAction::Quit => terminal::quit_from_escape(),
                        EscapeAction::Help => {
                            eprint!("\r\nCtrl-A x: quit hartsim\r\nCtrl-A Ctrl-A: send Ctrl-A\r\n");
                            None
                        }
                        EscapeAction::Ignore => None,
                    }
                } else if b == terminal::ESCAPE {
                    after_escape = true;
                    None
                } else {
                    Some(b)
                };
                if let Some(b) = byte
                    && tx.send(b).is_err()
                {
                    return;
                }
            }
        }
    });
    rx
}
